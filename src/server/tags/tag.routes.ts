import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listOf } from '../../domain/list';
import {
  createTagBodySchema,
  createTagCategoryBodySchema,
  tagCategorySchema,
  tagSchema,
  updateTagBodySchema,
  updateTagCategoryBodySchema,
} from '../../domain/tag';
import { requireActor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as tagService from './tag.service';

const tags = ['Tags'];
const params = z.object({ id: z.string().max(64) });
const listQuery = z.object({ counts: z.enum(['true', 'false']).optional().describe('true: include clientCount (costs a count per tag)') });

export async function tagRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);

  r.get('/tags', { schema: { tags, summary: 'The workspace’s tags, by name', querystring: listQuery, response: { 200: listOf(tagSchema) } } }, async (request) =>
    tagService.listTags(db, requireActor(request), request.query.counts === 'true'),
  );
  r.post('/tags', { schema: { tags, summary: 'Create a tag (member)', body: createTagBodySchema, response: { 201: tagSchema } } }, async (request, reply) => {
    const tag = await tagService.createTag(db, requireActor(request), request.body);
    setEtag(reply, tag.id, tag.version);
    return reply.code(201).send(tag);
  });
  r.get('/tags/:id', { schema: { tags, summary: 'One tag', params, response: { 200: tagSchema } } }, async (request, reply) => {
    const tag = await tagService.getTag(db, requireActor(request), request.params.id);
    setEtag(reply, tag.id, tag.version);
    return tag;
  });
  r.patch('/tags/:id', { schema: { tags, summary: 'Rename, recolour or recategorise a tag', params, body: updateTagBodySchema, response: { 200: tagSchema } } }, async (request, reply) => {
    const { id } = request.params;
    const tag = await tagService.updateTag(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
    setEtag(reply, tag.id, tag.version);
    return tag;
  });
  r.delete('/tags/:id', { schema: { tags, summary: 'Delete a tag and take it off every client', params } }, async (request, reply) => {
    await tagService.deleteTag(db, requireActor(request), request.params.id);
    return reply.code(204).send();
  });

  r.get('/tag-categories', { schema: { tags, summary: 'Tag categories', response: { 200: listOf(tagCategorySchema) } } }, async (request) =>
    tagService.listTagCategories(db, requireActor(request)),
  );
  r.post('/tag-categories', { schema: { tags, summary: 'Create a tag category (admin)', body: createTagCategoryBodySchema, response: { 201: tagCategorySchema } } }, async (request, reply) => {
    const category = await tagService.createTagCategory(db, requireActor(request), request.body);
    setEtag(reply, category.id, category.version);
    return reply.code(201).send(category);
  });
  r.patch(
    '/tag-categories/:id',
    { schema: { tags, summary: 'Change a tag category (admin)', params, body: updateTagCategoryBodySchema, response: { 200: tagCategorySchema } } },
    async (request, reply) => {
      const { id } = request.params;
      const category = await tagService.updateTagCategory(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
      setEtag(reply, category.id, category.version);
      return category;
    },
  );
  r.delete('/tag-categories/:id', { schema: { tags, summary: 'Delete a tag category; its tags stay, uncategorised (admin)', params } }, async (request, reply) => {
    await tagService.deleteTagCategory(db, requireActor(request), request.params.id);
    return reply.code(204).send();
  });
}
