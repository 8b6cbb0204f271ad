import { z } from 'zod';
import { emailSchema, passwordSchema, personNameSchema } from './account';
import { roleSchema } from './role';

/** A person in the current workspace's team. */
export const teamMemberSchema = z.object({
  id: z.string().describe('The user id'),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  status: z.enum(['active', 'invited']).describe('invited: has not yet set a password'),
  joinedAt: z.string(),
  lastLoginAt: z.string().nullable(),
  version: z.number().int(),
});
export type TeamMember = z.infer<typeof teamMemberSchema>;

export const addTeamMemberBodySchema = z.object({
  email: emailSchema,
  name: personNameSchema,
  role: roleSchema,
  password: passwordSchema.optional().describe('Set a password now; omit to get an invitation link instead'),
});
export type AddTeamMemberBody = z.infer<typeof addTeamMemberBodySchema>;

export const addTeamMemberResultSchema = teamMemberSchema.extend({
  inviteUrl: z.string().nullable().describe('One-time link for the new member to choose a password; shown once'),
});

export const changeRoleBodySchema = z.object({
  role: roleSchema,
  version: z.number().int().optional().describe('The version you edited; stale → 412 (or send If-Match)'),
});
