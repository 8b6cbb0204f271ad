import { z } from 'zod';
import { roleSchema } from './role';

/** Shared by the server (validation) and the set-up, invite and login forms. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export const emailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ error: 'must be a valid e-mail address' }))
  .transform((v) => v.toLowerCase());

export const passwordSchema = z
  .string({ error: 'is required' })
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);

export const personNameSchema = z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters');
export const workspaceNameSchema = z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters');

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const workspaceSchema = z.object({ id: z.string(), name: z.string() });
export type Workspace = z.infer<typeof workspaceSchema>;

/** Who is calling and where: the answer of GET /me, login, set-up and switch-workspace. */
export const meSchema = z.object({
  user: userSchema.nullable().describe('The signed-in user; null when an API key calls'),
  workspace: workspaceSchema,
  role: roleSchema,
  apiKey: z.object({ id: z.string(), name: z.string() }).nullable().describe('The API key that authenticated the call, if any'),
});
export type Me = z.infer<typeof meSchema>;

export const setupStateSchema = z.object({ needed: z.boolean().describe('True until the first account exists') });

export const setupBodySchema = z.object({
  workspaceName: workspaceNameSchema,
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
});
export type SetupBody = z.infer<typeof setupBodySchema>;

export const loginBodySchema = z.object({
  email: z.string().trim().min(1, 'is required').max(254).transform((v) => v.toLowerCase()),
  password: z.string().min(1, 'is required').max(1024),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1, 'is required').max(1024),
  newPassword: passwordSchema,
});

export const updateProfileBodySchema = z.object({ name: personNameSchema });

export const acceptInvitationBodySchema = z.object({
  token: z.string().min(10).max(200),
  name: personNameSchema.optional(),
  password: passwordSchema,
});

export const invitationInfoSchema = z.object({
  email: z.string(),
  name: z.string(),
  workspaceName: z.string(),
  invitedBy: z.string().nullable(),
});

export const workspaceWithRoleSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: z.string(),
});
export type WorkspaceWithRole = z.infer<typeof workspaceWithRoleSchema>;

export const createWorkspaceBodySchema = z.object({ name: workspaceNameSchema });
export const switchWorkspaceBodySchema = z.object({ workspaceId: z.string().min(1, 'is required').max(64) });
