import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listOf } from '../../domain/list';
import {
  createGroupBodySchema,
  createSegmentBodySchema,
  groupMembersBodySchema,
  groupMembersResultSchema,
  groupSchema,
  segmentSchema,
  updateGroupBodySchema,
  updateSegmentBodySchema,
} from '../../domain/segment';
import { requireActor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as groups from './group.service';
import * as segments from './segment.service';

const params = z.object({ id: z.string().max(64) });

/** Saved segments (dynamic, by filter) and static groups (hand-picked clients). */
export async function segmentRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  const tags = ['Segments'];

  r.get('/segments', { schema: { tags, summary: 'Segments you can use (shared ones and your own), with member counts', response: { 200: listOf(segmentSchema) } } }, async (request) =>
    segments.listSegments(db, requireActor(request)),
  );
  r.post('/segments', { schema: { tags, summary: 'Save a filter as a segment (private unless shared)', body: createSegmentBodySchema, response: { 201: segmentSchema } } }, async (request, reply) => {
    const segment = await segments.createSegment(db, requireActor(request), request.body);
    setEtag(reply, segment.id, segment.version);
    return reply.code(201).send(segment);
  });
  r.get('/segments/:id', { schema: { tags, summary: 'One segment with its member count', params, response: { 200: segmentSchema } } }, async (request, reply) => {
    const segment = await segments.getSegment(db, requireActor(request), request.params.id);
    setEtag(reply, segment.id, segment.version);
    return segment;
  });
  r.patch('/segments/:id', { schema: { tags, summary: 'Rename, re-filter or share a segment (its owner; managers for shared ones)', params, body: updateSegmentBodySchema, response: { 200: segmentSchema } } }, async (request, reply) => {
    const { id } = request.params;
    const segment = await segments.updateSegment(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
    setEtag(reply, segment.id, segment.version);
    return segment;
  });
  r.delete('/segments/:id', { schema: { tags, summary: 'Delete a segment', params } }, async (request, reply) => {
    await segments.deleteSegment(db, requireActor(request), request.params.id);
    return reply.code(204).send();
  });

  const gtags = ['Groups'];
  r.get('/groups', { schema: { tags: gtags, summary: 'Static groups with member counts', response: { 200: listOf(groupSchema) } } }, async (request) => groups.listGroups(db, requireActor(request)));
  r.post('/groups', { schema: { tags: gtags, summary: 'Create a group', body: createGroupBodySchema, response: { 201: groupSchema } } }, async (request, reply) => {
    const group = await groups.createGroup(db, requireActor(request), request.body);
    setEtag(reply, group.id, group.version);
    return reply.code(201).send(group);
  });
  r.get('/groups/:id', { schema: { tags: gtags, summary: 'One group', params, response: { 200: groupSchema } } }, async (request, reply) => {
    const group = await groups.getGroup(db, requireActor(request), request.params.id);
    setEtag(reply, group.id, group.version);
    return group;
  });
  r.patch('/groups/:id', { schema: { tags: gtags, summary: 'Rename a group', params, body: updateGroupBodySchema, response: { 200: groupSchema } } }, async (request, reply) => {
    const { id } = request.params;
    const group = await groups.updateGroup(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
    setEtag(reply, group.id, group.version);
    return group;
  });
  r.delete('/groups/:id', { schema: { tags: gtags, summary: 'Delete a group (its clients stay)', params } }, async (request, reply) => {
    await groups.deleteGroup(db, requireActor(request), request.params.id);
    return reply.code(204).send();
  });
  r.post('/groups/:id/members', { schema: { tags: gtags, summary: 'Add clients to a group by id', params, body: groupMembersBodySchema, response: { 200: groupMembersResultSchema } } }, async (request) =>
    groups.changeGroupMembers(db, requireActor(request), request.params.id, request.body.ids, true),
  );
  r.delete('/groups/:id/members', { schema: { tags: gtags, summary: 'Remove clients from a group by id', params, body: groupMembersBodySchema, response: { 200: groupMembersResultSchema } } }, async (request) =>
    groups.changeGroupMembers(db, requireActor(request), request.params.id, request.body.ids, false),
  );
}
