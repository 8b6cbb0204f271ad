import { z } from 'zod';
import { responsePriorities } from './activitySettings';
import { strictError } from './client';
import { instant } from './interaction';
import { listQuerySchema } from './list';

/**
 * Alert rules, the alerts they open and the inbox actions (docs/dev/health-plan.md §6).
 * Every window is a whole number ≥ 1; a bad one is a field error naming it (`params.days`).
 */

export const alertRuleKinds = [
  'band_change',
  'score_drop',
  'communication_gap',
  'usage_drop',
  'renewal_upcoming',
  'payment_overdue',
  'response_breach',
  'satisfaction_drop',
  'document_expiring',
  'red_flag_keywords',
] as const;
export type AlertRuleKind = (typeof alertRuleKinds)[number];

export const alertSeverities = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof alertSeverities)[number];
export const alertStatuses = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

const whole = (what: string) => z.number({ error: `must be a whole number (${what})` }).int(`must be a whole number (${what})`);
const window = (what: string, max = 3650) => whole(what).min(1, 'must be at least 1').max(max, `must be at most ${max}`);

/** Params a rule kind no longer takes: accepted and dropped on input, left out when a stored rule is read. */
export const retiredAlertParams: Partial<Record<AlertRuleKind, readonly string[]>> = { usage_drop: ['days'] };

/** A rule's params without the retired keys of its kind (stored rules may still hold them). */
export function withoutRetired(kind: AlertRuleKind) {
  return (params: unknown): unknown => {
    const retired = retiredAlertParams[kind];
    if (!retired || !params || typeof params !== 'object' || Array.isArray(params)) return params;
    return Object.fromEntries(Object.entries(params).filter(([k]) => !retired.includes(k)));
  };
}

/** Params of each rule kind; unknown keys are refused so a typo is not silently ignored. */
export const alertParamsSchemas = {
  band_change: z.strictObject(
    {
      direction: z.enum(['down', 'up', 'any'], { error: 'must be down, up or any' }).default('down'),
      toBands: z.array(z.string().min(1).max(40)).max(8).optional().describe('Only moves into these band keys'),
    },
    strictError,
  ),
  score_drop: z.strictObject({ points: window('points', 100), days: window('days', 365) }, strictError),
  communication_gap: z.strictObject(
    { factor: z.number({ error: 'must be a number' }).min(1, 'must be at least 1').max(10, 'must be at most 10').default(1.5).describe('Days since contact ≥ factor × the expected cadence') },
    strictError,
  ),
  // The usage change is the health score's own measure, over the usage window of the health
  // settings (`windows.usageDays`): a window per rule would need a second gathering of usage.
  // `days` was taken once and never used; it is still accepted (and dropped) so old stored rules and clients keep working.
  usage_drop: z.preprocess(withoutRetired('usage_drop'), z.strictObject({ percent: window('percent', 100) }, strictError)),
  renewal_upcoming: z.strictObject({ days: window('days', 365) }, strictError),
  payment_overdue: z.strictObject(
    { days: window('days'), minAmount: whole('minor units').min(0, 'must not be negative').optional().describe('Only when the overdue amount (minor units) is at least this') },
    strictError,
  ),
  response_breach: z.strictObject(
    { priorities: z.array(z.enum(responsePriorities, { error: `must be one of ${responsePriorities.join(', ')}` })).min(1, 'must name at least one priority').default([...responsePriorities]) },
    strictError,
  ),
  satisfaction_drop: z
    .strictObject(
      {
        npsAtMost: whole('NPS').min(0, 'must be between 0 and 10').max(10, 'must be between 0 and 10').optional(),
        csatAtMost: whole('CSAT').min(1, 'must be between 1 and 5').max(5, 'must be between 1 and 5').optional(),
      },
      strictError,
    )
    .refine((p) => p.npsAtMost !== undefined || p.csatAtMost !== undefined, { message: 'give npsAtMost or csatAtMost', path: ['npsAtMost'] }),
  document_expiring: z.strictObject({ days: window('days', 365) }, strictError),
  red_flag_keywords: z.strictObject(
    { keywords: z.array(z.string().trim().min(2, 'must be at least 2 characters').max(60, 'must be at most 60 characters')).min(1, 'must name at least one keyword').max(100, 'takes at most 100 keywords') },
    strictError,
  ),
} satisfies Record<AlertRuleKind, z.ZodType>;

export type AlertParams<K extends AlertRuleKind = AlertRuleKind> = z.infer<(typeof alertParamsSchemas)[K]>;

/** Defaults from the red flags of the product documents (delayed responses, payment issues, scope creep, falling satisfaction, no pipeline). */
export const defaultRedFlagKeywords = ['cancel', 'refund', 'lawyer', 'complaint', 'disappointed', 'overdue', 'late payment', 'out of scope', 'not renewing', 'switching'];

/**
 * Where a rule's alerts go. `inApp` off: they stay out of the inbox's default view, the nav's
 * count and the dashboard (a digest- or webhook-only rule); the client's own alert list and
 * the inbox's "all deliveries" still show them.
 */
export const alertDeliverySchema = z.strictObject(
  {
    inApp: z.boolean().default(true).describe('In the inbox, the nav count and the dashboard'),
    digest: z.boolean().default(true).describe('In the morning digest e-mail'),
    webhook: z.boolean().default(true).describe('Handed to the webhook hook (alert.opened)'),
  },
  strictError,
);
export type AlertDelivery = z.infer<typeof alertDeliverySchema>;

const ruleName = z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters');
const commonRuleFields = {
  name: ruleName.optional().describe('Default: a name from the kind'),
  severity: z.enum(alertSeverities, { error: `must be one of ${alertSeverities.join(', ')}` }).optional().describe('Default warning'),
  enabled: z.boolean().optional(),
  deliver: alertDeliverySchema.optional(),
};

/** POST /alert-rules: `kind` picks the params schema, so errors name `params.<field>`. */
export const createAlertRuleBodySchema = z.discriminatedUnion(
  'kind',
  alertRuleKinds.map((kind) => z.strictObject({ kind: z.literal(kind), params: alertParamsSchemas[kind], ...commonRuleFields }, strictError)) as unknown as [
    z.ZodObject<{ kind: z.ZodLiteral<AlertRuleKind>; params: z.ZodType<AlertParams> } & typeof commonRuleFields>,
  ],
  { error: `must be one of ${alertRuleKinds.join(', ')}` },
);
export type CreateAlertRuleBody = { kind: AlertRuleKind; params: AlertParams; name?: string; severity?: AlertSeverity; enabled?: boolean; deliver?: AlertDelivery };

/** PATCH /alert-rules/{id}: the kind is fixed; params are checked against it (whole params object). */
export const updateAlertRuleBodySchema = z.strictObject(
  { ...commonRuleFields, name: ruleName.optional(), params: z.record(z.string(), z.unknown()).optional(), version: z.number().int().optional() },
  strictError,
);
export type UpdateAlertRuleBody = z.infer<typeof updateAlertRuleBodySchema>;

export const alertRuleSchema = z.object({
  id: z.string(),
  kind: z.enum(alertRuleKinds),
  name: z.string(),
  params: z.record(z.string(), z.unknown()),
  severity: z.enum(alertSeverities),
  enabled: z.boolean(),
  deliver: z.object({ inApp: z.boolean(), digest: z.boolean(), webhook: z.boolean() }),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type AlertRule = z.infer<typeof alertRuleSchema>;

export const alertSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  kind: z.enum(alertRuleKinds),
  severity: z.enum(alertSeverities),
  status: z.enum(alertStatuses),
  title: z.string(),
  reason: z.string().describe('Why it fired, in words'),
  detail: z.record(z.string(), z.unknown()).describe('Kind-specific values behind the reason'),
  client: z.object({ id: z.string(), displayName: z.string(), healthScore: z.number().nullable(), healthBand: z.string().nullable() }),
  recommendedAction: z.object({ action: z.string(), dueHours: z.number().nullable() }).nullable().describe('The client’s band’s action'),
  assigneeId: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
  openedAt: z.string(),
  lastFiredAt: z.string(),
  fireCount: z.number().int().describe('How often the rule fired while this alert was open'),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
  taskId: z.string().nullable(),
  version: z.number().int(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertListQuerySchema = listQuerySchema.extend({
  status: z.enum([...alertStatuses, 'active', 'all']).default('active').describe('active = open, acknowledged and snoozed'),
  assignee: z.string().max(64).optional().describe('me, none or a member id'),
  kind: z.enum(alertRuleKinds).optional(),
  severity: z.enum(alertSeverities).optional(),
  clientId: z.string().max(64).optional(),
  delivery: z
    .enum(['inApp', 'all'])
    .optional()
    .describe('inApp: only alerts of rules delivered in the app (default of /alerts); all: also digest- or webhook-only rules (default of /clients/{id}/alerts)'),
});
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;

const version = z.number().int().optional();
export const assignAlertBodySchema = z.strictObject({ assigneeId: z.string().max(64).nullable(), version }, strictError);
export const alertVersionBodySchema = z.strictObject({ version }, strictError).optional();
export const snoozeAlertBodySchema = z.strictObject({ until: instant, version }, strictError);
export const resolveAlertBodySchema = z.strictObject({ resolution: z.string().trim().max(2000, 'must be at most 2,000 characters').optional(), version }, strictError).optional();
export const alertTaskBodySchema = z
  .strictObject(
    {
      title: z.string().trim().min(1, 'is required').max(300, 'must be at most 300 characters').optional().describe('Default: the band’s recommended action'),
      dueAt: instant.optional().describe('Default: now + the band’s actionDueHours'),
      assigneeId: z.string().max(64).nullable().optional(),
      version,
    },
    strictError,
  )
  .optional();
export type AlertTaskBody = z.infer<typeof alertTaskBodySchema>;

/** Snoozes end within 90 days: longer is resolving the alert. */
export const SNOOZE_MAX_DAYS = 90;

/** GET/PUT /me/notifications. */
export const notificationPrefsSchema = z.object({ digest: z.boolean(), digestHour: z.number().int(), timeZone: z.string() });
export const updateNotificationPrefsBodySchema = z.strictObject(
  {
    digest: z.boolean().optional(),
    digestHour: whole('hour').min(0, 'must be between 0 and 23').max(23, 'must be between 0 and 23').optional(),
    timeZone: z.string().min(1).max(64).optional(),
  },
  strictError,
);
