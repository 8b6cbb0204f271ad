import { z } from 'zod';
import { optionalText, strictError } from './client';
import { instant } from './interaction';
import { listQuerySchema } from './list';

export const taskPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof taskPriorities)[number];
export const taskStatuses = ['open', 'done'] as const;
export const taskSources = ['manual', 'follow_up', 'alert', 'import'] as const;
export type TaskSource = (typeof taskSources)[number];

const idRef = z.string().max(64);

const taskWriteFields = {
  title: z.string().max(1200, 'must be at most 300 characters').trim().min(1, 'is required').max(300, 'must be at most 300 characters'),
  notes: optionalText(10_000),
  dueAt: instant.nullable().optional(),
  assigneeId: idRef.nullable().optional().describe('A member of the workspace; the caller when omitted on create'),
  priority: z.enum(taskPriorities).optional().describe('Default normal'),
  contactId: idRef.nullable().optional().describe('A contact of the task’s client'),
};

export const createTaskBodySchema = z.strictObject(
  {
    ...taskWriteFields,
    source: z.enum(['manual', 'alert', 'import']).optional().describe('Default manual (follow_up tasks come from interactions)'),
  },
  strictError,
);
/** POST /tasks: a task with or without a client. */
export const createStandaloneTaskBodySchema = createTaskBodySchema.extend({ clientId: idRef.nullable().optional() });
export const updateTaskBodySchema = z.strictObject(
  { ...taskWriteFields, title: taskWriteFields.title.optional(), status: z.enum(taskStatuses).optional(), version: z.number().int().optional() },
  strictError,
);
export type CreateTaskBody = z.infer<typeof createStandaloneTaskBodySchema>;
export type UpdateTaskBody = z.infer<typeof updateTaskBodySchema>;

export const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  notes: z.string().nullable(),
  dueAt: z.string().nullable(),
  assigneeId: z.string().nullable(),
  priority: z.enum(taskPriorities),
  status: z.enum(taskStatuses),
  source: z.enum(taskSources),
  clientId: z.string().nullable(),
  clientName: z.string().nullable().describe('The client’s display name (for My tasks)'),
  contactId: z.string().nullable(),
  interactionId: z.string().nullable().describe('The interaction whose follow-up date created it'),
  overdue: z.boolean().describe('Open and due before now'),
  completedAt: z.string().nullable(),
  completedBy: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Task = z.infer<typeof taskSchema>;

export const taskDueFilters = ['overdue', 'today', 'upcoming', 'all'] as const;
export type TaskDueFilter = (typeof taskDueFilters)[number];

/** A client's tasks: open first by due date. */
export const clientTaskListQuerySchema = listQuerySchema.extend({
  status: z.enum([...taskStatuses, 'all']).default('all'),
});

/** My tasks and team task lists. */
export const taskListQuerySchema = listQuerySchema.extend({
  assignee: z.string().max(64).default('me').describe('me, a member id, or any'),
  due: z
    .enum(taskDueFilters)
    .default('all')
    .describe('overdue: due before now; today: due from now to the end of today in `tz`; upcoming: due after today; all'),
  status: z.enum([...taskStatuses, 'all']).default('open'),
  tz: z.string().max(64).default('UTC').describe('IANA time zone of the caller, for "today" (e.g. Europe/Paris)'),
  clientId: z.string().max(64).optional(),
});
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;

export const completeTaskBodySchema = z.strictObject({ version: z.number().int().optional() }, strictError).nullish();
