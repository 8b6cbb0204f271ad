import type { FastifyInstance } from 'fastify';
import { createWorkspaceBodySchema, workspaceWithRoleSchema } from '../../domain/account';
import { listOf } from '../../domain/list';
import { requireActor, requireSessionUser } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import { createWorkspace, listUserWorkspaces } from './workspace.service';

const tags = ['Workspaces'];

export async function workspaceRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);

  r.get('/workspaces', { schema: { tags, summary: 'Your workspaces and your role in each', response: { 200: listOf(workspaceWithRoleSchema) } } }, async (request) => {
    const actor = requireActor(request);
    // An API key belongs to one workspace and sees only that one.
    if (!actor.userId) {
      return { data: [{ id: actor.workspaceId, name: actor.workspaceName, role: actor.role, createdAt: '' }], nextCursor: null, total: 1 };
    }
    return listUserWorkspaces(db, actor.userId);
  });

  r.post(
    '/workspaces',
    { schema: { tags, summary: 'Create a workspace you own', body: createWorkspaceBodySchema, response: { 201: workspaceWithRoleSchema } } },
    async (request, reply) => reply.code(201).send(await createWorkspace(db, requireSessionUser(request), request.body.name)),
  );
}
