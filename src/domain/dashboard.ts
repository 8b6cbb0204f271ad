import { z } from 'zod';
import { moneyOutSchema } from './money';

const tile = <T extends z.ZodType>(item: T) => z.object({ count: z.number().int(), href: z.string(), items: z.array(item) });

export const dashboardSchema = z.object({
  bands: z.array(z.object({ key: z.string(), name: z.string(), color: z.string(), count: z.number().int(), href: z.string() })),
  unscored: z.number().int().describe('Live clients without a health score yet'),
  attention: z.array(z.object({
    client: z.object({ id: z.string(), displayName: z.string() }),
    score: z.number().int(),
    band: z.object({ key: z.string(), name: z.string(), color: z.string() }).nullable(),
    value: moneyOutSchema.describe('Total value, or the contract value when larger (workspace currency)'),
    reason: z.string(),
    recommendedAction: z.string(),
    href: z.string(),
  })).describe('At-risk and critical clients ranked by (100 − score) × value, top 20'),
  tasksToday: tile(z.object({ id: z.string(), title: z.string(), dueAt: z.string().nullable(), overdue: z.boolean(), clientId: z.string().nullable(), clientName: z.string().nullable() })),
  overdueResponses: tile(z.object({ id: z.string(), clientId: z.string(), clientName: z.string(), subject: z.string().nullable(), priority: z.string().nullable(), responseDueAt: z.string() })),
  renewals: tile(z.object({ clientId: z.string(), clientName: z.string(), nextRenewalAt: z.string() })),
  newAlerts: tile(z.object({ id: z.string(), clientId: z.string(), clientName: z.string().nullable(), title: z.string(), severity: z.string(), openedAt: z.string() })),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const dashboardQuerySchema = z.object({
  tz: z.string().max(64).default('UTC').describe('IANA time zone of the caller, for "today"'),
});
