import { z } from 'zod';
import { moneyOutSchema } from './money';

export const clientTypes = ['individual', 'business'] as const;
export const clientStatuses = ['prospect', 'trial', 'active', 'inactive', 'churned', 'blacklisted'] as const;
/** Statuses that need a statusReason. */
export const statusesNeedingReason = ['churned', 'blacklisted'] as const;
export const lifecycleStages = ['onboarding', 'growth', 'mature', 'renewal'] as const;
export const emailLabels = ['work', 'home', 'other'] as const;
export const phoneLabels = ['mobile', 'work', 'home', 'other'] as const;
export const addressKinds = ['primary', 'mailing', 'billing', 'service'] as const;

export const clientTypeSchema = z.enum(clientTypes);
export const clientStatusSchema = z.enum(clientStatuses);
export const lifecycleStageSchema = z.enum(lifecycleStages);
export type ClientType = z.infer<typeof clientTypeSchema>;
export type ClientStatus = z.infer<typeof clientStatusSchema>;

/** Unknown fields are refused (400) and named, rather than silently dropped. */
export const strictError = {
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' ? `unknown field${issue.keys!.length > 1 ? 's' : ''}: ${issue.keys!.join(', ')}` : undefined,
};

/** Trimmed text of at most `max` characters; an empty string means "no value" (null). */
export const optionalText = (max: number) =>
  z
    .string()
    .max(max * 4, `must be at most ${max} characters`)
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'is not a real date');

export const countryCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166 alpha-2 country code like US')
  .transform((v) => v.toUpperCase());

export const emailItemSchema = z.strictObject(
  {
    value: z.string().max(1000, 'must be at most 254 characters').describe('An e-mail address; validated and kept unique (case-insensitive) among live clients'),
    label: z.enum(emailLabels).default('other'),
    primary: z.boolean().optional().describe('The primary address (also `email`); the first one when none is marked'),
  },
  strictError,
);
export const phoneItemSchema = z.strictObject(
  {
    value: z.string().max(1000, 'must be at most 40 characters').describe('As typed; stored in E.164, read in the workspace’s default country when it has no +country code'),
    label: z.enum(phoneLabels).default('mobile'),
    primary: z.boolean().optional(),
  },
  strictError,
);
export const addressSchema = z.strictObject(
  {
    kind: z.enum(addressKinds),
    line1: optionalText(200),
    line2: optionalText(200),
    city: optionalText(120),
    region: optionalText(120),
    postalCode: optionalText(40),
    country: countryCodeSchema.nullable().optional(),
  },
  strictError,
);
export type Address = z.infer<typeof addressSchema>;

export const tagNameSchema = z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters');

/** The writable fields of a client, shared by create and update. */
const clientWriteFields = {
  type: clientTypeSchema,
  firstName: optionalText(100),
  lastName: optionalText(100),
  companyName: optionalText(200),
  email: z.string().max(1000, 'must be at most 254 characters').nullable().optional().describe('The primary e-mail; sets (or adds) the primary entry of `emails`'),
  phone: z.string().max(1000, 'must be at most 40 characters').nullable().optional().describe('The primary phone; sets (or adds) the primary entry of `phones`'),
  emails: z.array(emailItemSchema).max(20, 'at most 20 e-mail addresses'),
  phones: z.array(phoneItemSchema).max(20, 'at most 20 phone numbers'),
  dateOfBirth: isoDate.nullable().optional(),
  addresses: z.array(addressSchema).max(10, 'at most 10 addresses'),
  occupation: optionalText(120),
  industry: optionalText(120),
  companySize: optionalText(40),
  referralSource: optionalText(120),
  preferredLanguage: optionalText(40),
  specialRequirements: optionalText(2000),
  ownerId: z.string().max(64).nullable().optional().describe('A team member of the workspace'),
  lifecycleStage: lifecycleStageSchema.nullable().optional(),
  status: clientStatusSchema,
  statusReason: optionalText(500).describe('Required for churned and blacklisted'),
  notes: optionalText(10000),
  tags: z.array(tagNameSchema).max(100, 'at most 100 tags').describe('Tag names; unknown names create the tag'),
  customFields: z.record(z.string().max(64), z.unknown()).describe('Values by custom field key, validated against the workspace’s definitions'),
  directoryCompanyId: z.string().max(64).nullable().optional().describe('An entry of the company directory (business clients)'),
  externalId: optionalText(128).describe('The client’s id in another system (billing, an old CRM); unique per workspace, including Trash — a taken one is 409 with existingClientId'),
};

export const createClientBodySchema = z.strictObject(
  {
    ...clientWriteFields,
    type: clientTypeSchema.default('individual'),
    emails: clientWriteFields.emails.optional(),
    phones: clientWriteFields.phones.optional(),
    addresses: clientWriteFields.addresses.optional(),
    status: clientStatusSchema.default('prospect'),
    tags: clientWriteFields.tags.optional(),
    customFields: clientWriteFields.customFields.optional(),
  },
  strictError,
);
export type CreateClientBody = z.infer<typeof createClientBodySchema>;

export const updateClientBodySchema = z.strictObject(
  {
    ...Object.fromEntries(Object.entries(clientWriteFields).map(([k, v]) => [k, v.optional()])),
    version: z.number().int().optional().describe('The version you edited; stale → 412 (or send If-Match)'),
  } as { [K in keyof typeof clientWriteFields]: z.ZodOptional<(typeof clientWriteFields)[K]> } & { version: z.ZodOptional<z.ZodNumber> },
  strictError,
);
export type UpdateClientBody = z.infer<typeof updateClientBodySchema>;

export const clientEmailSchema = z.object({ value: z.string(), label: z.enum(emailLabels), primary: z.boolean() });
export const clientPhoneSchema = z.object({ value: z.string().describe('E.164'), label: z.enum(phoneLabels), primary: z.boolean() });
export type ClientEmail = z.infer<typeof clientEmailSchema>;
export type ClientPhone = z.infer<typeof clientPhoneSchema>;

/** A client as the API returns it. */
export const clientSchema = z.object({
  id: z.string(),
  type: clientTypeSchema,
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  companyName: z.string().nullable(),
  displayName: z.string().describe('Derived: the company name for a business, else first + last name; falls back to the e-mail or phone'),
  email: z.string().nullable().describe('The primary e-mail'),
  phone: z.string().nullable().describe('The primary phone, E.164'),
  emails: z.array(clientEmailSchema),
  phones: z.array(clientPhoneSchema),
  dateOfBirth: z.string().nullable(),
  addresses: z.array(
    z.object({
      kind: z.enum(addressKinds),
      line1: z.string().nullable().optional(),
      line2: z.string().nullable().optional(),
      city: z.string().nullable().optional(),
      region: z.string().nullable().optional(),
      postalCode: z.string().nullable().optional(),
      country: z.string().nullable().optional(),
    }),
  ),
  occupation: z.string().nullable(),
  industry: z.string().nullable(),
  companySize: z.string().nullable(),
  referralSource: z.string().nullable(),
  preferredLanguage: z.string().nullable(),
  specialRequirements: z.string().nullable(),
  photoUrl: z.string().nullable().describe('The photo (add ?size=thumb for the 256 px thumbnail); null without a photo'),
  ownerId: z.string().nullable(),
  lifecycleStage: lifecycleStageSchema.nullable(),
  status: clientStatusSchema,
  statusReason: z.string().nullable(),
  statusChangedAt: z.string().nullable(),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.unknown()),
  directoryCompanyId: z.string().nullable(),
  externalId: z.string().nullable().describe('The client’s id in another system; unique per workspace'),
  healthScore: z.number().int().nullable(),
  healthBand: z.string().nullable(),
  isGuest: z.boolean().describe('True until the client’s first order'),
  isNew: z.boolean().describe('Created within the workspace’s “new client” period'),
  lastActivityAt: z.string().nullable(),
  lastOrderAt: z.string().nullable(),
  ordersCount: z.number().int().describe('Orders that are not cancelled'),
  totalValue: moneyOutSchema.describe('Σ value of the orders that are not cancelled, in the workspace currency (other currencies: GET /clients/{id}/summary)'),
  outstandingBalance: moneyOutSchema.describe('Open invoice balances less unapplied credit, in the workspace currency'),
  nextRenewalAt: z.string().nullable().describe('The earliest renewal date of the client’s active contracts'),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string().describe('When the client’s profile was last edited. Tag changes (one client, bulk, a tag renamed) move `version` and History, not this: tags are labels'),
  deletedAt: z.string().nullable(),
  version: z.number().int(),
});
export type Client = z.infer<typeof clientSchema>;

export const clientWarningSchema = z.object({
  code: z.literal('possible_duplicate'),
  message: z.string(),
  clientId: z.string(),
});
export type ClientWarning = z.infer<typeof clientWarningSchema>;

/** POST /clients answers the client and any non-blocking warnings. */
export const createdClientSchema = clientSchema.extend({ warnings: z.array(clientWarningSchema) });
export type CreatedClient = z.infer<typeof createdClientSchema>;

export const deleteClientQuerySchema = z.strictObject(
  { permanent: z.enum(['true', 'false']).optional().describe('true: delete for good (owner/admin), else move to Trash') },
  strictError,
);
