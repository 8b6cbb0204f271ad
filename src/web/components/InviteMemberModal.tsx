import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { PasswordField } from './PasswordField';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconLink } from '@tabler/icons-react';
import { useState } from 'react';
import { PASSWORD_MIN } from '../../domain/account';
import { roleLabels, type Role } from '../../domain/role';
import { useAddMember, type AddedMember } from '../api/team';
import { CopyField } from './CopyField';
import { required, showApiError } from './formErrors';
import { grantableRoleOptions } from './roles';
import { validEmail, validNewPassword } from './validators';

type Props = { opened: boolean; onClose: () => void; myRole: Role };

export function InviteMemberModal({ opened, onClose, myRole }: Props) {
  const add = useAddMember();
  const [invited, setInvited] = useState<AddedMember | null>(null);
  const form = useForm({
    initialValues: { email: '', name: '', role: 'member' as string, password: '' },
    validate: {
      email: validEmail,
      name: required('Name'),
      role: (v) => (v ? null : 'Choose a role'),
      password: (v) => (v ? validNewPassword(v) : null),
    },
  });

  const close = () => {
    form.reset();
    setInvited(null);
    onClose();
  };

  const submit = form.onSubmit((values) =>
    add.mutate(
      {
        email: values.email.trim(),
        name: values.name.trim(),
        role: values.role as Role,
        ...(values.password ? { password: values.password } : {}),
      },
      {
        onSuccess: (member) => {
          if (member.inviteUrl) {
            // The link exists only in this answer: keep the modal open to show it once.
            setInvited(member);
            return;
          }
          notifications.show({
            color: 'teal',
            title: 'Member added',
            message: values.password ? `${member.name} can sign in now with the password you set.` : `${member.name} can sign in with their existing account.`,
          });
          close();
        },
        onError: (error) => showApiError(error, form, 'Could not add the member'),
      },
    ),
  );

  return (
    <Modal opened={opened} onClose={close} title={invited ? 'Invitation link' : 'Invite a team member'} centered size="lg">
      {invited?.inviteUrl ? (
        <Stack>
          <Alert color="teal" icon={<IconLink size={18} />}>
            {invited.name} has been added as {roleLabels[invited.role]}.
          </Alert>
          <Text size="sm">
            Send this link to <b>{invited.email}</b>; it works once, for 7 days. It will not be shown again.
          </Text>
          <CopyField value={invited.inviteUrl} copyLabel="Copy invitation link" />
          <Group justify="flex-end">
            <Button onClick={close} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput label="Email" type="email" required data-autofocus autoComplete="off" {...form.getInputProps('email')} />
            <TextInput label="Name" required autoComplete="off" {...form.getInputProps('name')} />
            <Select
              label="Role"
              required
              allowDeselect={false}
              data={grantableRoleOptions(myRole)}
              description="You can give your own role or a lower one"
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('role')}
            />
            {/* One optional field rather than a "Set a password now" switch: a second control whose
                label contains "password" would make the Password field ambiguous to find by label. */}
            <PasswordField
              label="Password"
              description={`Optional. Set a password now (at least ${PASSWORD_MIN} characters), or leave it empty to get a one-time invitation link to send.`}
              autoComplete="new-password"
              {...form.getInputProps('password')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={add.isPending}>
                Send invite
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
