import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createDirectoryCompanyBodySchema,
  directoryCompanySchema,
  directoryQuerySchema,
  updateDirectoryCompanyBodySchema,
} from '../../domain/directory';
import { listOf } from '../../domain/list';
import { requireActor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as directory from './directory.service';

const tags = ['Company directory'];
const params = z.object({ id: z.string().max(64) });

export async function directoryRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get(
    '/directory/companies',
    { schema: { tags, summary: 'The instance-wide company directory (title companies, lenders…), by name', querystring: directoryQuerySchema, response: { 200: listOf(directoryCompanySchema) } } },
    async (request) => directory.listDirectoryCompanies(db, requireActor(request), request.query),
  );
  r.get(
    '/directory/access',
    { schema: { tags, summary: 'Whether you may change the directory (instance administrators)', response: { 200: z.object({ canManage: z.boolean() }) } } },
    async (request) => directory.directoryAccess(db, requireActor(request)),
  );
  r.get('/directory/companies/:id', { schema: { tags, summary: 'One directory entry', params, response: { 200: directoryCompanySchema } } }, async (request, reply) => {
    const company = await directory.getDirectoryCompany(db, requireActor(request), request.params.id);
    setEtag(reply, company.id, company.version);
    return company;
  });
  r.post(
    '/directory/companies',
    { schema: { tags, summary: 'Add a directory entry (instance administrators)', body: createDirectoryCompanyBodySchema, response: { 201: directoryCompanySchema } } },
    async (request, reply) => {
      const company = await directory.createDirectoryCompany(db, requireActor(request), request.body);
      setEtag(reply, company.id, company.version);
      return reply.code(201).send(company);
    },
  );
  r.patch(
    '/directory/companies/:id',
    { schema: { tags, summary: 'Change a directory entry (instance administrators)', params, body: updateDirectoryCompanyBodySchema, response: { 200: directoryCompanySchema } } },
    async (request, reply) => {
      const { id } = request.params;
      const company = await directory.updateDirectoryCompany(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
      setEtag(reply, company.id, company.version);
      return company;
    },
  );
  r.delete('/directory/companies/:id', { schema: { tags, summary: 'Delete a directory entry (instance administrators)', params } }, async (request, reply) => {
    await directory.deleteDirectoryCompany(db, requireActor(request), request.params.id);
    return reply.code(204).send();
  });
}
