import { z } from 'zod';

export const jobStatuses = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** A background job (bulk action on many clients, import…) as the API shows it. */
export const jobSchema = z.object({
  id: z.string(),
  kind: z.string().describe('What the job does, e.g. clients.bulk'),
  status: z.enum(jobStatuses),
  total: z.number().int().nullable().describe('Units of work in all (null until known)'),
  done: z.number().int().describe('Units of work finished so far'),
  result: z.record(z.string(), z.unknown()).nullable().describe('The summary (counts) once completed; partial counts while running'),
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof jobSchema>;

/** 202 answer of an endpoint that handed its work to a job. */
export const jobAcceptedSchema = z.object({ jobId: z.string().describe('Poll GET /api/v1/jobs/{jobId}') });
