import { z } from 'zod';
import { strictError } from './client';

export const customFieldTypes = ['text', 'number', 'date', 'boolean', 'select', 'multiselect', 'url'] as const;
export const customFieldTypeSchema = z.enum(customFieldTypes);
export type CustomFieldType = z.infer<typeof customFieldTypeSchema>;

/** A workspace's definition of an extra client field; values live in `client.customFields[key]`. */
export const customFieldSchema = z.object({
  id: z.string(),
  key: z.string().describe('Slug used in customFields, filters (`custom.<key>`) and sorts'),
  label: z.string(),
  type: customFieldTypeSchema,
  options: z.array(z.string()).describe('The choices of select and multiselect fields'),
  required: z.boolean(),
  position: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type CustomField = z.infer<typeof customFieldSchema>;

export const customFieldKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a slug: lowercase letters, digits and _, starting with a letter, at most 40 characters');
const label = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');
const options = z
  .array(z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'))
  .max(200, 'at most 200 options')
  .refine((o) => new Set(o).size === o.length, 'must not repeat an option');

export const createCustomFieldBodySchema = z.strictObject(
  {
    key: customFieldKeySchema,
    label,
    type: customFieldTypeSchema,
    options: options.optional(),
    required: z.boolean().optional(),
    position: z.number().int().min(0).max(10000).optional(),
  },
  strictError,
);
export const updateCustomFieldBodySchema = z.strictObject(
  {
    label: label.optional(),
    options: options.optional().describe('Removing an option does not change values already stored'),
    required: z.boolean().optional(),
    position: z.number().int().min(0).max(10000).optional(),
    version: z.number().int().optional(),
  },
  strictError,
);
export type CreateCustomFieldBody = z.infer<typeof createCustomFieldBodySchema>;
export type UpdateCustomFieldBody = z.infer<typeof updateCustomFieldBodySchema>;

export type CustomFieldDefinition = Pick<CustomField, 'key' | 'type' | 'options' | 'required' | 'label'>;

/**
 * Checks and normalises one custom field value against its definition. Returns the value to
 * store (null clears it) or an error message. Shared by the server and the web form.
 */
export function checkCustomFieldValue(def: CustomFieldDefinition, value: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return def.required ? { ok: false, message: 'is required' } : { ok: true, value: null };
  }
  switch (def.type) {
    case 'text':
      if (typeof value !== 'string') return { ok: false, message: 'must be text' };
      if (value.length > 2000) return { ok: false, message: 'must be at most 2000 characters' };
      return { ok: true, value: value.trim() };
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, message: 'must be a number' };
      return { ok: true, value };
    case 'boolean':
      if (typeof value !== 'boolean') return { ok: false, message: 'must be true or false' };
      return { ok: true, value };
    case 'date': {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || !new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)) {
        return { ok: false, message: 'must be a date as YYYY-MM-DD' };
      }
      return { ok: true, value };
    }
    case 'url': {
      if (typeof value !== 'string' || value.length > 2000) return { ok: false, message: 'must be a URL' };
      try {
        const url = new URL(value.trim());
        if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: 'must be an http(s) URL' };
        return { ok: true, value: value.trim() };
      } catch {
        return { ok: false, message: 'must be a URL like https://example.com' };
      }
    }
    case 'select':
      if (typeof value !== 'string' || !def.options.includes(value)) return { ok: false, message: `must be one of ${def.options.join(', ')}` };
      return { ok: true, value };
    case 'multiselect': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return { ok: false, message: 'must be a list of options' };
      const bad = value.find((v) => !def.options.includes(v));
      if (bad !== undefined) return { ok: false, message: `has “${String(bad).slice(0, 80)}”, which is not one of ${def.options.join(', ')}` };
      return { ok: true, value: [...new Set(value)] };
    }
  }
}
