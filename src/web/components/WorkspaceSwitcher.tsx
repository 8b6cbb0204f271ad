import { Button, Menu, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconChevronDown, IconPlus } from '@tabler/icons-react';
import { roleLabels } from '../../domain/role';
import { useSwitchWorkspace, useWorkspaces } from '../api/workspaces';
import { CreateWorkspaceModal } from './CreateWorkspaceModal';
import { showApiError } from './formErrors';
import { useSession } from './RequireAuth';

export function WorkspaceSwitcher() {
  const me = useSession();
  const workspaces = useWorkspaces();
  const switchTo = useSwitchWorkspace();
  const [creating, { open, close }] = useDisclosure(false);

  const choose = (id: string, name: string) => {
    if (id === me.workspace.id) return;
    switchTo.mutate(id, {
      onSuccess: () => notifications.show({ message: `You are now in ${name}.` }),
      onError: (error) => showApiError(error, undefined, 'Could not switch workspace'),
    });
  };

  return (
    <>
      <Menu position="bottom-start" width={280} withinPortal shadow="md">
        <Menu.Target>
          <Button
            variant="subtle"
            color="gray"
            rightSection={<IconChevronDown size={16} />}
            loading={switchTo.isPending}
            aria-label={`Workspace: ${me.workspace.name}. Switch workspace`}
            px={8}
            style={{ minWidth: 0 }}
          >
            <Text span size="sm" fw={600} truncate maw="min(38vw, 260px)">
              {me.workspace.name}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Your workspaces</Menu.Label>
          {workspaces.isPending && <Menu.Item disabled>Loading…</Menu.Item>}
          {workspaces.data?.data.map((w) => {
            const current = w.id === me.workspace.id;
            return (
              <Menu.Item
                key={w.id}
                onClick={() => choose(w.id, w.name)}
                leftSection={current ? <IconCheck size={16} aria-label="Current workspace" /> : <span style={{ width: 16, display: 'inline-block' }} />}
                aria-current={current ? 'true' : undefined}
              >
                <Text size="sm" truncate>
                  {w.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {roleLabels[w.role]}
                </Text>
              </Menu.Item>
            );
          })}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={16} />} onClick={open}>
            Create workspace…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <CreateWorkspaceModal opened={creating} onClose={close} />
    </>
  );
}
