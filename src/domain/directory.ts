import { z } from 'zod';
import { optionalText, strictError } from './client';

export const directoryKinds = ['title_company', 'lender', 'insurer', 'law_firm', 'appraiser', 'inspector', 'supplier', 'other'] as const;

const directoryAddressSchema = z.strictObject(
  {
    line1: optionalText(200),
    line2: optionalText(200),
    city: optionalText(120),
    region: optionalText(120),
    postalCode: optionalText(40),
    country: z.string().trim().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166 alpha-2 country code').transform((v) => v.toUpperCase()).nullable().optional(),
  },
  strictError,
);

/** An entry of the instance-wide company directory (title companies, lenders…). */
export const directoryCompanySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(directoryKinds),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  address: z.record(z.string(), z.unknown()).nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type DirectoryCompany = z.infer<typeof directoryCompanySchema>;

const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  kind: z.enum(directoryKinds),
  email: z.string().max(1000).nullable().optional(),
  phone: z.string().max(1000).nullable().optional().describe('With +country code, or read as a US number'),
  website: z.string().trim().max(500).nullable().optional(),
  address: directoryAddressSchema.nullable().optional(),
  notes: optionalText(2000),
};
export const createDirectoryCompanyBodySchema = z.strictObject(fields, strictError);
export const updateDirectoryCompanyBodySchema = z.strictObject(
  { ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])), version: z.number().int().optional() } as {
    [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
  } & { version: z.ZodOptional<z.ZodNumber> },
  strictError,
);
export type CreateDirectoryCompanyBody = z.infer<typeof createDirectoryCompanyBodySchema>;
export type UpdateDirectoryCompanyBody = z.infer<typeof updateDirectoryCompanyBodySchema>;

export const directoryQuerySchema = z.strictObject(
  {
    q: z.string().max(200).optional().describe('Part of the name, accents and case ignored'),
    kind: z.enum(directoryKinds).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(2000).optional(),
  },
  strictError,
);
