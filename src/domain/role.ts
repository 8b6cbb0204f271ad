import { z } from 'zod';

/** Workspace roles, lowest to highest. */
export const roles = ['viewer', 'member', 'manager', 'admin', 'owner'] as const;
export const roleSchema = z.enum(roles).describe('A team member’s or API key’s role in a workspace');
export type Role = z.infer<typeof roleSchema>;

export const roleLabels: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  manager: 'Manager',
  member: 'Member',
  viewer: 'Viewer',
};

/** Whether role `a` carries at least the rights of role `b`. */
export const roleAtLeast = (a: Role, b: Role): boolean => roles.indexOf(a) >= roles.indexOf(b);
