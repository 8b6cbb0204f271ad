import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';
import { useCreateWorkspace, useSwitchWorkspace } from '../api/workspaces';
import { required, showApiError } from './formErrors';

export function CreateWorkspaceModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateWorkspace();
  const switchTo = useSwitchWorkspace();
  const navigate = useNavigate();
  const form = useForm({ initialValues: { name: '' }, validate: { name: required('Workspace name') } });

  const close = () => {
    form.reset();
    onClose();
  };

  // A new workspace is empty and yours alone: going straight into it is what people expect.
  const submit = form.onSubmit(({ name }) =>
    create.mutate(name.trim(), {
      onSuccess: (workspace) =>
        switchTo.mutate(workspace.id, {
          onSuccess: () => {
            notifications.show({ color: 'teal', message: `Workspace ${workspace.name} created. You are its owner.` });
            close();
            void navigate('/');
          },
          onError: (error) => showApiError(error),
        }),
      onError: (error) => showApiError(error, form),
    }),
  );

  return (
    <Modal opened={opened} onClose={close} title="Create a workspace" centered>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            A workspace keeps its own clients, team and API keys. You will be its owner.
          </Text>
          <TextInput label="Workspace name" required data-autofocus {...form.getInputProps('name')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || switchTo.isPending}>
              Create workspace
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
