import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listOf } from '../../domain/list';
import { addTeamMemberBodySchema, addTeamMemberResultSchema, changeRoleBodySchema, teamMemberSchema } from '../../domain/team';
import { requireActor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as team from './team.service';

const tags = ['Team'];
const params = z.object({ id: z.string().max(64) });
const removeQuery = z.strictObject({
  reassignTo: z
    .string()
    .trim()
    .min(1, 'must be a team member id')
    .max(64)
    .optional()
    .describe('A member who takes over the removed member’s clients; without it those clients have no owner'),
});

export async function teamRoutes(app: FastifyInstance, { db, config }: ModuleDeps) {
  const r = typed(app);

  r.get('/users', { schema: { tags, summary: 'The team of the current workspace', response: { 200: listOf(teamMemberSchema) } } }, async (request) =>
    team.listTeam(db, requireActor(request)),
  );

  r.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Add a team member (owner/admin). Without a password, returns a one-time invitation link',
        body: addTeamMemberBodySchema,
        response: { 201: addTeamMemberResultSchema },
      },
    },
    async (request, reply) => {
      const member = await team.addTeamMember(db, requireActor(request), request.body, config.publicUrl);
      setEtag(reply, member.id, member.version);
      return reply.code(201).send(member);
    },
  );

  r.get('/users/:id', { schema: { tags, summary: 'One team member', params, response: { 200: teamMemberSchema } } }, async (request, reply) => {
    const member = await team.getTeamMember(db, requireActor(request), request.params.id);
    setEtag(reply, member.id, member.version);
    return member;
  });

  r.patch(
    '/users/:id',
    { schema: { tags, summary: 'Change a member’s role (concurrency-checked with If-Match or version)', params, body: changeRoleBodySchema, response: { 200: teamMemberSchema } } },
    async (request, reply) => {
      const { id } = request.params;
      const member = await team.changeRole(db, requireActor(request), id, request.body.role, expectedVersion(request, id, request.body.version));
      setEtag(reply, member.id, member.version);
      return member;
    },
  );

  r.delete('/users/:id', { schema: { tags, summary: 'Remove a member from the workspace (or leave it yourself); 204', params, querystring: removeQuery } }, async (request, reply) => {
    await team.removeTeamMember(db, requireActor(request), request.params.id, request.query.reassignTo ?? null);
    return reply.code(204).send();
  });
}
