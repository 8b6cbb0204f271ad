import { ActionIcon, Alert, Badge, Button, Group, Menu, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconDoorExit, IconInfoCircle, IconTrash, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { TeamMember } from '../../domain/team';
import { useRemoveMember, useTeam } from '../api/team';
import { ConfirmModal } from '../components/ConfirmModal';
import { showApiError } from '../components/formErrors';
import { formatRelative } from '../components/format';
import { InviteMemberModal } from '../components/InviteMemberModal';
import { MemberRoleSelect } from '../components/MemberRoleSelect';
import { PageHeader } from '../components/PageHeader';
import { useSession } from '../components/RequireAuth';
import { canManage } from '../components/roles';
import { roleAtLeast } from '../../domain/role';

export function TeamPage() {
  const me = useSession();
  const team = useTeam();
  const remove = useRemoveMember();
  const navigate = useNavigate();
  const [inviting, invite] = useDisclosure(false);
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const admin = canManage(me.role);
  const myId = me.user?.id;

  const confirmRemove = () => {
    if (!removing) return;
    const leaving = removing.id === myId;
    remove.mutate(removing.id, {
      onSuccess: () => {
        setRemoving(null);
        notifications.show({ color: 'teal', message: leaving ? `You left ${me.workspace.name}.` : `${removing.name} was removed from the team.` });
        // Leaving ends this workspace's session; signing in again picks another workspace.
        if (leaving) void navigate('/login', { replace: true });
      },
      onError: (error) => {
        setRemoving(null);
        showApiError(error, undefined, leaving ? 'Could not leave' : 'Could not remove');
      },
    });
  };

  const members = team.data?.data ?? [];
  return (
    <>
      <PageHeader
        title="Team"
        description={admin ? 'Who works in this workspace and what they may do.' : 'Who works in this workspace. Only owners and admins can add members or change roles.'}
        action={
          admin && (
            <Button leftSection={<IconUserPlus size={18} />} onClick={invite.open}>
              Invite member
            </Button>
          )
        }
      />
      {team.isPending && <Stack>{[0, 1, 2].map((i) => <Skeleton key={i} h={44} />)}</Stack>}
      {team.isError && <Alert color="red" icon={<IconInfoCircle />}>{team.error.message}</Alert>}
      {team.isSuccess && members.length <= 1 && admin && (
        <Alert color="indigo" variant="light" mb="md" icon={<IconInfoCircle />}>
          It is just you so far. Use <b>Invite member</b> to add colleagues; each gets the role you choose.
        </Alert>
      )}
      {team.isSuccess && (
        <Table.ScrollContainer minWidth={760} type="native">
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Last sign-in</Table.Th>
                <Table.Th w={48}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {members.map((m) => {
                const self = m.id === myId;
                const mayRemove = self || (admin && roleAtLeast(me.role, m.role));
                return (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={500}>
                          {m.name}
                        </Text>
                        {self && (
                          <Badge size="xs" variant="outline" color="gray">
                            You
                          </Badge>
                        )}
                        {m.status === 'invited' && (
                          <Badge size="xs" variant="light" color="yellow">
                            Invited
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{m.email}</Text>
                    </Table.Td>
                    <Table.Td>
                      <MemberRoleSelect member={m} myRole={me.role} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {formatRelative(m.lastLoginAt, m.status === 'invited' ? 'Not yet' : 'Never')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {mayRemove && (
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${m.name}`}>
                              <IconDots size={18} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item color="red" leftSection={self ? <IconDoorExit size={16} /> : <IconTrash size={16} />} onClick={() => setRemoving(m)}>
                              {self ? 'Leave workspace' : 'Remove from workspace'}
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <InviteMemberModal opened={inviting} onClose={invite.close} myRole={me.role} />
      <ConfirmModal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={removing?.id === myId ? `Leave ${me.workspace.name}?` : `Remove ${removing?.name ?? ''}?`}
        confirmLabel={removing?.id === myId ? 'Leave workspace' : 'Remove'}
        loading={remove.isPending}
        onConfirm={confirmRemove}
      >
        {removing?.id === myId
          ? 'You will lose access to this workspace and be signed out of it. An owner or admin can add you again.'
          : `${removing?.name ?? 'They'} will lose access to this workspace at once; their sessions and API keys here end. Their past work stays.`}
      </ConfirmModal>
    </>
  );
}
