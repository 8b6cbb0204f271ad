import { z } from 'zod';
import { optionalText, strictError } from './client';
import { listQuerySchema } from './list';
import { moneyOutSchema, nonNegativeMoneySchema } from './money';

export const orderStatuses = ['requested', 'scheduled', 'in_progress', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/**
 * The moves an order's status may make. Completed orders can be reopened (back to in
 * progress), cancelled ones reinstated (requested or scheduled); the rest move freely forward.
 */
export const orderTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  requested: ['scheduled', 'in_progress', 'completed', 'cancelled'],
  scheduled: ['requested', 'in_progress', 'completed', 'cancelled'],
  in_progress: ['scheduled', 'completed', 'cancelled'],
  completed: ['in_progress'],
  cancelled: ['requested', 'scheduled'],
};

export const canMoveOrder = (from: OrderStatus, to: OrderStatus): boolean => from === to || orderTransitions[from].includes(to);

/** An ISO-8601 date-time with an offset, stored and returned in UTC. */
export const instantSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 date-time such as 2026-11-29T10:00:00Z' })
  .transform((v) => new Date(v).toISOString());

const minutesSchema = z.number().int('must be whole minutes').min(0, 'must not be negative').max(1_000_000, 'must be at most 1,000,000');

const orderWriteFields = {
  title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  status: z.enum(orderStatuses).describe('requested → scheduled → in_progress → completed, or cancelled. See orderTransitions'),
  serviceType: optionalText(120),
  scheduledAt: instantSchema.nullable().optional().describe('When the work is booked to start'),
  scheduledEndAt: instantSchema.nullable().optional().describe('When it is due to be finished; else scheduledAt + estimatedMinutes'),
  completedAt: instantSchema.nullable().optional().describe('When it was completed (not before scheduledAt); defaults to now on completion'),
  location: optionalText(300),
  assigneeId: z.string().max(64).nullable().optional().describe('The team member doing the work'),
  estimatedValue: nonNegativeMoneySchema.nullable().optional(),
  value: nonNegativeMoneySchema.nullable().optional().describe('The actual (agreed or billed) value; counts toward the client’s total value'),
  estimatedMinutes: minutesSchema.nullable().optional(),
  actualMinutes: minutesSchema.nullable().optional(),
  onTime: z.boolean().nullable().optional().describe('Derived on completion (completed by the scheduled end); send true/false to override, null to derive again'),
  rating: z.number().int('must be a whole number from 1 to 5').min(1, 'must be from 1 to 5').max(5, 'must be from 1 to 5').nullable().optional().describe('Satisfaction 1–5'),
  notes: optionalText(10000),
};

export const createOrderBodySchema = z.strictObject(
  {
    ...orderWriteFields,
    status: orderWriteFields.status.optional().describe('Default: scheduled when scheduledAt is given, completed when completedAt is, else requested'),
    override: z.boolean().optional().describe('Book anyway for a blacklisted client or one on credit hold'),
  },
  strictError,
);
export const updateOrderBodySchema = z.strictObject(
  {
    ...Object.fromEntries(Object.entries(orderWriteFields).map(([k, v]) => [k, v.optional()])),
    version: z.number().int().optional().describe('The version you edited; stale → 412 (or send If-Match)'),
  } as { [K in keyof typeof orderWriteFields]: z.ZodOptional<(typeof orderWriteFields)[K]> } & { version: z.ZodOptional<z.ZodNumber> },
  strictError,
);
export type CreateOrderBody = z.infer<typeof createOrderBodySchema>;
export type UpdateOrderBody = z.infer<typeof updateOrderBodySchema>;

/** An order (booking, job, project) as the API returns it. */
export const orderSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  title: z.string(),
  status: z.enum(orderStatuses),
  serviceType: z.string().nullable(),
  scheduledAt: z.string().nullable(),
  scheduledEndAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  location: z.string().nullable(),
  assigneeId: z.string().nullable(),
  currency: z.string().describe('The currency of estimatedValue and value'),
  estimatedValue: moneyOutSchema.nullable(),
  value: moneyOutSchema.nullable(),
  estimatedMinutes: z.number().int().nullable(),
  actualMinutes: z.number().int().nullable(),
  onTime: z.boolean().nullable(),
  onTimeOverridden: z.boolean().describe('True when a person set onTime rather than it being derived'),
  rating: z.number().int().nullable(),
  notes: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Order = z.infer<typeof orderSchema>;

export const orderListQuerySchema = listQuerySchema.extend({
  status: z.enum(orderStatuses).optional(),
});
export type OrderListQuery = z.infer<typeof orderListQuerySchema>;
