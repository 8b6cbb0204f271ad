import { Badge, Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { roleAtLeast, roleLabels, type Role } from '../../domain/role';
import type { TeamMember } from '../../domain/team';
import { isApiError } from '../api/api';
import { useChangeRole } from '../api/team';
import { showApiError } from './formErrors';
import { canManage, grantableRoleOptions, roleColors } from './roles';

/** The role cell: a select for those who may change it, a badge for everyone else. */
export function MemberRoleSelect({ member, myRole }: { member: TeamMember; myRole: Role }) {
  const change = useChangeRole();
  const editable = canManage(myRole) && roleAtLeast(myRole, member.role);
  if (!canManage(myRole)) {
    return (
      <Badge variant="light" color={roleColors[member.role]}>
        {roleLabels[member.role]}
      </Badge>
    );
  }
  const options = editable ? grantableRoleOptions(myRole) : [{ value: member.role, label: roleLabels[member.role] }];
  return (
    <Select
      aria-label={`Change ${member.name}'s permissions`}
      data={options}
      value={member.role}
      disabled={!editable || change.isPending}
      allowDeselect={false}
      size="xs"
      w={130}
      onChange={(value) => {
        if (!value || value === member.role) return;
        change.mutate(
          { id: member.id, role: value as Role, version: member.version },
          {
            onSuccess: (m) => notifications.show({ color: 'teal', message: `${m.name} is now ${roleLabels[m.role]}.` }),
            onError: (error) => {
              if (isApiError(error, 412)) notifications.show({ color: 'yellow', message: 'Someone else changed this member; reloaded.' });
              else showApiError(error, undefined, 'Could not change the role');
            },
          },
        );
      }}
    />
  );
}
