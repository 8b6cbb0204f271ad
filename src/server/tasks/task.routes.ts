import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listOf } from '../../domain/list';
import {
  clientTaskListQuerySchema,
  completeTaskBodySchema,
  createStandaloneTaskBodySchema,
  createTaskBodySchema,
  taskListQuerySchema,
  taskSchema,
  updateTaskBodySchema,
} from '../../domain/task';
import { requireActor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as tasks from './task.service';

const tags = ['Tasks'];
const params = z.object({ id: z.string().max(64) });
const deleteQuery = z.object({ version: z.coerce.number().int().optional() });

export async function taskRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get(
    '/clients/:id/tasks',
    { schema: { tags, summary: 'A client’s tasks, soonest due first', params, querystring: clientTaskListQuerySchema, response: { 200: listOf(taskSchema) } } },
    async (request) => tasks.listClientTasks(db, requireActor(request), request.params.id, request.query),
  );
  r.post(
    '/clients/:id/tasks',
    { schema: { tags, summary: 'Add a task for a client (member)', params, body: createTaskBodySchema, response: { 201: taskSchema } } },
    async (request, reply) => {
      const task = await tasks.createTask(db, requireActor(request), request.params.id, request.body);
      setEtag(reply, task.id, task.version);
      return reply.code(201).send(task);
    },
  );
  r.get(
    '/tasks',
    { schema: { tags, summary: 'My tasks (assignee=me) or a member’s: overdue, today, upcoming or all; keyset pages', querystring: taskListQuerySchema, response: { 200: listOf(taskSchema) } } },
    async (request) => tasks.listTasks(db, requireActor(request), request.query),
  );
  r.post(
    '/tasks',
    { schema: { tags, summary: 'Add a task, with or without a client (member)', body: createStandaloneTaskBodySchema, response: { 201: taskSchema } } },
    async (request, reply) => {
      const task = await tasks.createStandaloneTask(db, requireActor(request), request.body);
      setEtag(reply, task.id, task.version);
      return reply.code(201).send(task);
    },
  );
  r.get('/tasks/:id', { schema: { tags, summary: 'One task', params, response: { 200: taskSchema } } }, async (request, reply) => {
    const task = await tasks.getTask(db, requireActor(request), request.params.id);
    setEtag(reply, task.id, task.version);
    return task;
  });
  r.patch(
    '/tasks/:id',
    { schema: { tags, summary: 'Change a task (partial; If-Match or version: stale → 412)', params, body: updateTaskBodySchema, response: { 200: taskSchema } } },
    async (request, reply) => {
      const { id } = request.params;
      const task = await tasks.updateTask(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
      setEtag(reply, task.id, task.version);
      return task;
    },
  );
  for (const [path, status] of [['complete', 'done'], ['reopen', 'open']] as const) {
    r.post(
      `/tasks/:id/${path}`,
      { schema: { tags, summary: status === 'done' ? 'Mark a task done (from the list)' : 'Open a done task again', params, body: completeTaskBodySchema, response: { 200: taskSchema } } },
      async (request, reply) => {
        const { id } = request.params;
        const task = await tasks.setTaskStatus(db, requireActor(request), id, status, expectedVersion(request, id, request.body?.version));
        setEtag(reply, task.id, task.version);
        return task;
      },
    );
  }
  r.delete('/tasks/:id', { schema: { tags, summary: 'Delete a task (member; audited)', params, querystring: deleteQuery } }, async (request, reply) => {
    const { id } = request.params;
    await tasks.deleteTask(db, requireActor(request), id, expectedVersion(request, id, request.query.version));
    return reply.code(204).send();
  });
}
