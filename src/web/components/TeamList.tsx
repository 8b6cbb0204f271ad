import { ActionIcon, Badge, Card, Group, Menu, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconDoorExit, IconDots, IconTrash } from '@tabler/icons-react';
import { roleAtLeast, type Role } from '../../domain/role';
import type { TeamMember } from '../../domain/team';
import { formatRelative } from './format';
import { MemberRoleSelect } from './MemberRoleSelect';
import { canManage } from './roles';

type Props = { members: TeamMember[]; myId: string | undefined; myRole: Role; onRemove: (member: TeamMember) => void };

/** A table on wide screens; on a phone, one card per member so nothing scrolls sideways. */
export function TeamList(props: Props) {
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  return phone ? <TeamCards {...props} /> : <TeamTable {...props} />;
}

const lastSignIn = (m: TeamMember) => formatRelative(m.lastLoginAt, m.status === 'invited' ? 'Not yet' : 'Never');

function TeamTable({ members, myId, myRole, onRemove }: Props) {
  return (
    <Table.ScrollContainer minWidth={720} type="native" style={{ position: 'relative' }}>
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
          {members.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <NameAndBadges member={m} self={m.id === myId} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{m.email}</Text>
              </Table.Td>
              <Table.Td>
                <MemberRoleSelect member={m} myRole={myRole} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {lastSignIn(m)}
                </Text>
              </Table.Td>
              <Table.Td>
                <MemberMenu member={m} self={m.id === myId} myRole={myRole} onRemove={onRemove} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function TeamCards({ members, myId, myRole, onRemove }: Props) {
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Team members">
      {members.map((m) => (
        <Card key={m.id} withBorder padding="sm" component="li">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <NameAndBadges member={m} self={m.id === myId} />
              <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
                {m.email}
              </Text>
            </Stack>
            <MemberMenu member={m} self={m.id === myId} myRole={myRole} onRemove={onRemove} />
          </Group>
          <Group justify="space-between" mt="xs" wrap="nowrap">
            <MemberRoleSelect member={m} myRole={myRole} />
            <Text size="xs" c="dimmed">
              Last sign-in: {lastSignIn(m)}
            </Text>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

function NameAndBadges({ member, self }: { member: TeamMember; self: boolean }) {
  return (
    <Group gap={6} wrap="wrap">
      <Text size="sm" fw={500}>
        {member.name}
      </Text>
      {self && (
        <Badge size="xs" variant="outline" color="gray">
          You
        </Badge>
      )}
      {member.status === 'invited' && (
        <Badge size="xs" variant="light" color="yellow">
          Invited
        </Badge>
      )}
    </Group>
  );
}

function MemberMenu({ member, self, myRole, onRemove }: { member: TeamMember; self: boolean; myRole: Role; onRemove: (m: TeamMember) => void }) {
  // Anyone may leave; removing others takes owner/admin and a role at least theirs.
  if (!self && !(canManage(myRole) && roleAtLeast(myRole, member.role))) return <span style={{ width: 28, display: 'inline-block' }} />;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${member.name}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item color="red" leftSection={self ? <IconDoorExit size={16} /> : <IconTrash size={16} />} onClick={() => onRemove(member)}>
          {self ? 'Leave workspace' : 'Remove from workspace'}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
