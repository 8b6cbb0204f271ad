import { Alert, Button, Code, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { roleLabels, type Role } from '../../domain/role';
import { useCreateApiKey, type CreatedApiKey } from '../api/apiKeys';
import { CopyField } from './CopyField';
import { required, showApiError } from './formErrors';
import { grantableRoleOptions } from './roles';

type Props = { opened: boolean; onClose: () => void; myRole: Role };

/** Creates a key, then shows its token: the only time anyone will see it. */
export function CreateApiKeyModal({ opened, onClose, myRole }: Props) {
  const create = useCreateApiKey();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const form = useForm({
    initialValues: { name: '', role: 'member' as string },
    validate: { name: required('Name'), role: (v) => (v ? null : 'Choose a role') },
  });

  const close = () => {
    form.reset();
    setCreated(null);
    onClose();
  };

  const submit = form.onSubmit((values) =>
    create.mutate(
      { name: values.name.trim(), role: values.role as Role },
      { onSuccess: setCreated, onError: (error) => showApiError(error, form, 'Could not create the key') },
    ),
  );

  if (created) {
    const curl = `curl -H "Authorization: Bearer ${created.token}" ${window.location.origin}/api/v1/me`;
    return (
      <Modal opened={opened} onClose={close} title={`API key “${created.name}” created`} centered size="lg" closeOnClickOutside={false}>
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Copy the token now">
            It will not be shown again. Rapport keeps only a fingerprint of it; if you lose it, revoke the key and create a new one.
          </Alert>
          <CopyField value={created.token} copyLabel="Copy token" />
          <Text size="sm">
            The key acts in this workspace as <b>{roleLabels[created.role]}</b>. Send it as a bearer token, for example:
          </Text>
          <CopyField value={curl} copyLabel="Copy example command" />
          <Text size="xs" c="dimmed">
            Every endpoint is described in the <Code>/api/docs</Code> reference.
          </Text>
          <Group justify="flex-end">
            <Button onClick={close} data-autofocus>
              I have copied it
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  return (
    <Modal opened={opened} onClose={close} title="Create an API key" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Name" description="What uses it, e.g. “Invoicing sync”" required data-autofocus autoComplete="off" {...form.getInputProps('name')} />
          <Select
            label="Role"
            required
            allowDeselect={false}
            data={grantableRoleOptions(myRole)}
            description="What the key may do; at most your own role"
            {...form.getInputProps('role')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
