import { z } from 'zod';

/** One bad field: where it is in the request and what is wrong with it. */
export const fieldErrorSchema = z.object({
  path: z.string().describe('Dotted path of the field, e.g. "email" or "addresses.0.country"'),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem details, the body of every error response. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .passthrough();
export type Problem = z.infer<typeof problemSchema>;
