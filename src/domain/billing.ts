import { z } from 'zod';
import { optionalText, strictError } from './client';
import { listQuerySchema } from './list';
import { currencySchema, currencyTotalsSchema, moneyOutSchema, nonNegativeMoneySchema, positiveMoneySchema, QUANTITY_SCALE } from './money';
import { instantSchema } from './order';

const versionField = { version: z.number().int().optional().describe('The version you edited; stale → 412 (or send If-Match)') };
const partial = <T extends Record<string, z.ZodType>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> };

// ── Contracts ────────────────────────────────────────────────────────────────

export const contractStatuses = ['draft', 'active', 'expired', 'cancelled'] as const;
export const billingPeriods = ['one_time', 'monthly', 'quarterly', 'yearly'] as const;

const contractWriteFields = {
  plan: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters').describe('The plan or service agreement, e.g. "Gold maintenance"'),
  value: nonNegativeMoneySchema.describe('Contract value per billing period (or in total for one_time)'),
  billingPeriod: z.enum(billingPeriods).nullable().optional(),
  status: z.enum(contractStatuses),
  startAt: instantSchema,
  endAt: instantSchema.nullable().optional(),
  renewalAt: instantSchema.nullable().optional().describe('Next renewal date: the earliest of the client’s active contracts is its nextRenewalAt'),
  autoRenew: z.boolean(),
  notes: optionalText(10000),
};
export const createContractBodySchema = z.strictObject(
  { ...contractWriteFields, status: contractWriteFields.status.default('active'), autoRenew: contractWriteFields.autoRenew.default(false) },
  strictError,
);
export const updateContractBodySchema = z.strictObject({ ...partial(contractWriteFields), ...versionField }, strictError);
export type CreateContractBody = z.infer<typeof createContractBodySchema>;
export type UpdateContractBody = z.infer<typeof updateContractBodySchema>;

export const contractSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  plan: z.string(),
  value: moneyOutSchema,
  currency: z.string(),
  billingPeriod: z.enum(billingPeriods).nullable(),
  status: z.enum(contractStatuses),
  startAt: z.string(),
  endAt: z.string().nullable(),
  renewalAt: z.string().nullable(),
  autoRenew: z.boolean(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Contract = z.infer<typeof contractSchema>;

// ── Invoices ─────────────────────────────────────────────────────────────────

/** Statuses stored; `overdue` is derived (sent, an open balance, past its due date) and cannot be set. */
export const invoiceStatuses = ['draft', 'sent', 'paid', 'overdue', 'void'] as const;
export const invoiceWritableStatuses = ['draft', 'sent', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export const invoiceLineInputSchema = z.strictObject(
  {
    description: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
    quantity: z
      .number()
      .gt(0, 'must be more than zero')
      .max(1_000_000, 'must be at most 1,000,000')
      .refine((q) => Math.abs(q * QUANTITY_SCALE - Math.round(q * QUANTITY_SCALE)) < 1e-6, 'may have at most 4 decimals')
      .default(1),
    unitPrice: nonNegativeMoneySchema.describe('Price of one unit, minor units'),
  },
  strictError,
);

const invoiceWriteFields = {
  number: z.string().trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters').describe('Unique in the workspace (case-insensitive)'),
  currency: currencySchema.describe('Default: the lines’ currency, else the workspace currency'),
  lines: z.array(invoiceLineInputSchema).max(200, 'at most 200 lines').describe('amount = Σ quantity × unitPrice, each line rounded half away from zero to a minor unit'),
  amount: nonNegativeMoneySchema.describe('Only for an invoice without lines; computed from the lines otherwise'),
  taxRate: z.number().int('must be whole basis points').min(0, 'must not be negative').max(10_000, 'must be at most 10000 (100 %)').nullable().describe('Tax rate in basis points: 2000 = 20 %. tax = amount × rate, rounded'),
  tax: nonNegativeMoneySchema.nullable().describe('A tax amount, when not given as a rate'),
  status: z.enum(invoiceWritableStatuses, { error: 'must be draft, sent, paid or void (overdue is derived: sent and past due)' }),
  issuedAt: instantSchema.nullable().describe('Default: when it is first sent'),
  dueAt: instantSchema.nullable().describe('Default: issuedAt + the client’s credit terms (net days)'),
  orderId: z.string().max(64).nullable(),
  contractId: z.string().max(64).nullable(),
  notes: optionalText(10000),
};
export const createInvoiceBodySchema = z.strictObject(
  { ...partial(invoiceWriteFields), number: invoiceWriteFields.number },
  strictError,
);
export const updateInvoiceBodySchema = z.strictObject({ ...partial(invoiceWriteFields), ...versionField }, strictError);
export type CreateInvoiceBody = z.infer<typeof createInvoiceBodySchema>;
export type UpdateInvoiceBody = z.infer<typeof updateInvoiceBodySchema>;

export const invoiceLineSchema = z.object({ description: z.string(), quantity: z.number(), unitPrice: moneyOutSchema, amount: moneyOutSchema });
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;

export const invoiceSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  number: z.string(),
  currency: z.string(),
  lines: z.array(invoiceLineSchema),
  amount: moneyOutSchema.describe('Before tax: Σ lines'),
  taxRate: z.number().int().nullable().describe('Basis points'),
  tax: moneyOutSchema,
  total: moneyOutSchema.describe('amount + tax'),
  paid: moneyOutSchema.describe('Σ the payments applied to it'),
  balance: moneyOutSchema.describe('total − paid; 0 for void and draft invoices'),
  status: z.enum(invoiceStatuses),
  issuedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  orderId: z.string().nullable(),
  contractId: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const invoiceListQuerySchema = listQuerySchema.extend({ status: z.enum(invoiceStatuses).optional() });
export type InvoiceListQuery = z.infer<typeof invoiceListQuerySchema>;

// ── Payments ─────────────────────────────────────────────────────────────────

export const paymentMethods = ['card', 'bank_transfer', 'cash', 'check', 'other'] as const;

const paymentWriteFields = {
  invoiceId: z.string().max(64).nullable().describe('The invoice it pays; none = a payment on account (client credit)'),
  amount: positiveMoneySchema,
  paidAt: instantSchema.describe('Default: now'),
  method: z.enum(paymentMethods),
  reference: optionalText(120),
  notes: optionalText(10000),
  asCredit: z.boolean().describe('Allow more than the invoice’s open balance: the excess becomes the client’s credit'),
};
export const createPaymentBodySchema = z.strictObject(
  { ...partial(paymentWriteFields), amount: paymentWriteFields.amount, method: paymentWriteFields.method },
  strictError,
);
export const updatePaymentBodySchema = z.strictObject({ ...partial(paymentWriteFields), ...versionField }, strictError);
export type CreatePaymentBody = z.infer<typeof createPaymentBodySchema>;
export type UpdatePaymentBody = z.infer<typeof updatePaymentBodySchema>;

export const paymentSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  invoiceId: z.string().nullable(),
  amount: moneyOutSchema,
  applied: moneyOutSchema.describe('The part that settles the invoice'),
  credit: moneyOutSchema.describe('amount − applied: the client’s credit'),
  paidAt: z.string(),
  method: z.enum(paymentMethods),
  reference: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Payment = z.infer<typeof paymentSchema>;

// ── Credit ───────────────────────────────────────────────────────────────────

export const creditStatuses = ['good', 'watch', 'hold'] as const;
export type CreditStatus = (typeof creditStatuses)[number];

export const updateCreditBodySchema = z.strictObject(
  {
    netDays: z.number().int('must be whole days').min(0, 'must not be negative').max(365, 'must be at most 365').nullable().optional().describe('Net days; null = the workspace default'),
    status: z.enum(creditStatuses).optional().describe('hold: no new orders without an override'),
  },
  strictError,
);
export type UpdateCreditBody = z.infer<typeof updateCreditBodySchema>;

export const creditSchema = z.object({
  clientId: z.string(),
  netDays: z.number().int().nullable().describe('The client’s own terms; null = the workspace default'),
  effectiveNetDays: z.number().int(),
  status: z.enum(creditStatuses),
  credit: z.array(moneyOutSchema).describe('Unapplied payments, per currency'),
});
export type Credit = z.infer<typeof creditSchema>;

// ── Client figures ───────────────────────────────────────────────────────────

/**
 * `clients.figures`: everything derived from a client's orders and billing, per currency
 * (amounts of different currencies are never added up or converted). The client columns
 * total_value, outstanding_balance, overdue_amount and revenue hold the `currency` entry.
 */
export const clientFiguresSchema = z.object({
  currency: z.string().describe('The workspace currency the client columns are in'),
  ordersCount: z.number().int().describe('Orders that are not cancelled'),
  completedOrders: z.number().int(),
  cancelledOrders: z.number().int(),
  onTimeOrders: z.number().int().describe('Completed orders flagged on time'),
  orderValue: currencyTotalsSchema.describe('Σ value of the orders that are not cancelled'),
  valuedOrders: z.record(z.string(), z.number().int()).describe('How many of them have a value, per currency (for the average)'),
  averageOrderValue: currencyTotalsSchema.describe('orderValue / valuedOrders, rounded'),
  invoiced: currencyTotalsSchema.describe('Σ total of invoices sent, paid or overdue (not draft, not void)'),
  outstanding: currencyTotalsSchema.describe('Open balances of sent and overdue invoices, less unapplied credit'),
  overdue: currencyTotalsSchema.describe('Open balances of invoices past due, as of computedAt'),
  revenue: currencyTotalsSchema.describe('Σ payments received'),
  credit: currencyTotalsSchema.describe('Σ unapplied parts of payments'),
  lifetimeValue: currencyTotalsSchema.describe('Σ invoiced plus payments on account: everything the client has been billed or paid'),
  contractValue: currencyTotalsSchema.describe('Σ value of active contracts'),
  onTimePaymentRate: z.number().nullable().describe('Share (0–1) of paid invoices with a due date that were paid by it; null without any'),
  paidInvoices: z.number().int(),
  computedAt: z.string(),
});
export type ClientFigures = z.infer<typeof clientFiguresSchema>;

/** GET /clients/{id}/summary: the client page's quick stats. */
export const clientSummarySchema = z.object({
  clientId: z.string(),
  currency: z.string(),
  orderWord: z.string(),
  ordersCount: z.number().int(),
  completedOrders: z.number().int(),
  totalValue: moneyOutSchema.describe('In the workspace currency; see totalValueByCurrency for the others'),
  totalValueByCurrency: z.array(moneyOutSchema),
  averageOrderValue: z.array(moneyOutSchema),
  outstandingBalance: moneyOutSchema,
  outstandingByCurrency: z.array(moneyOutSchema),
  overdueAmount: moneyOutSchema.describe('As of now'),
  overdueByCurrency: z.array(moneyOutSchema),
  revenue: z.array(moneyOutSchema),
  lifetimeValue: z.array(moneyOutSchema),
  credit: z.array(moneyOutSchema),
  onTimePaymentRate: z.number().nullable(),
  onTimeOrderRate: z.number().nullable(),
  creditStatus: z.enum(creditStatuses),
  lastOrderAt: z.string().nullable(),
  nextRenewalAt: z.string().nullable(),
  lastActivityAt: z.string().nullable(),
  nps: z.number().nullable().describe('Latest NPS (0–10) from feedback; null without any'),
  extra: z.record(z.string(), z.unknown()).describe('Figures other modules add (feedback, loyalty, usage)'),
});
export type ClientSummary = z.infer<typeof clientSummarySchema>;
