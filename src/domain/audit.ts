import { z } from 'zod';

/** One entry of the audit trail. `changes` maps each changed field to its before and after. */
export const auditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string().describe('e.g. auth.login, member.role_changed, api_key.created'),
  entityType: z.string(),
  entityId: z.string().nullable(),
  actor: z.object({
    userId: z.string().nullable(),
    apiKeyId: z.string().nullable(),
    label: z.string().nullable(),
  }),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
  ip: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
