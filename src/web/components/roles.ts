import { roleAtLeast, roleLabels, roles, type Role } from '../../domain/role';

/** Select options for the roles a caller may hand out: their own and below, highest first. */
export function grantableRoleOptions(myRole: Role) {
  return [...roles]
    .reverse()
    .filter((r) => roleAtLeast(myRole, r))
    .map((r) => ({ value: r, label: roleLabels[r] }));
}

export const canManage = (role: Role) => roleAtLeast(role, 'admin');

export const roleColors: Record<Role, string> = {
  owner: 'grape',
  admin: 'indigo',
  manager: 'cyan',
  member: 'teal',
  viewer: 'gray',
};
