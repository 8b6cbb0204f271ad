import { z } from 'zod';
import { roleSchema } from './role';

/** An API key as listed; the token itself is never shown again after creation. */
export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  prefix: z.string().describe('The first characters of the token, to recognise it'),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const createApiKeyBodySchema = z.object({
  name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  role: roleSchema,
});

export const createdApiKeySchema = apiKeySchema.extend({
  token: z.string().describe('The secret: send as "Authorization: Bearer <token>". Shown only once.'),
});
