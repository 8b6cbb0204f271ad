import { z } from 'zod';

/** Query parameters every list endpoint accepts. */
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size, 1–500'),
  cursor: z.string().max(2000).optional().describe('Opaque cursor from the previous page’s nextCursor'),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** The envelope of every list response. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
    total: z.number().int().describe('Number of records matching the query, across all pages'),
  });
export type List<T> = { data: T[]; nextCursor: string | null; total: number };
