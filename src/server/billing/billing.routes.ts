import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  clientSummarySchema, contractSchema, createContractBodySchema, createInvoiceBodySchema, createPaymentBodySchema, creditSchema, invoiceListQuerySchema,
  invoiceSchema, paymentSchema, updateContractBodySchema, updateCreditBodySchema, updateInvoiceBodySchema, updatePaymentBodySchema,
} from '../../domain/billing';
import { listOf, listQuerySchema, type List } from '../../domain/list';
import { requireActor, type Actor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as contracts from './contract.service';
import * as credit from './credit.service';
import * as invoices from './invoice.service';
import * as payments from './payment.service';
import { getClientSummary } from './summary.service';
import './overdue.job';

const tags = ['Billing'];
const params = z.object({ id: z.string().max(64) });
const deleteQuery = z.object({ version: z.coerce.number().int().optional().describe('The version you saw; stale → 412 (or send If-Match)') });
type Db = ModuleDeps['db'];
type Versioned = { id: string; version: number };

/** What one billing record kind needs for its six routes; the three kinds differ only in these. */
type RecordKind<R extends Versioned, Q, C, U extends { version?: number }> = {
  path: 'contracts' | 'invoices' | 'payments';
  schema: z.ZodType;
  listQuery: z.ZodType;
  createBody: z.ZodType;
  updateBody: z.ZodType;
  summaries: { list: string; create: string; update: string; delete: string; one: string };
  list: (db: Db, actor: Actor, clientId: string, query: Q) => Promise<List<R>>;
  create: (db: Db, actor: Actor, clientId: string, body: C) => Promise<R>;
  get: (db: Db, actor: Actor, id: string) => Promise<R>;
  update: (db: Db, actor: Actor, id: string, body: U, version?: number) => Promise<R>;
  remove: (db: Db, actor: Actor, id: string, version?: number) => Promise<void>;
};

/**
 * GET/POST /clients/{id}/<kind> and GET/PATCH/DELETE /<kind>/{id}, each answering with the record's ETag.
 * The zod schemas validate and serialise at run time; the service signatures carry the types.
 */
function recordRoutes<R extends Versioned, Q, C, U extends { version?: number }>(app: FastifyInstance, db: Db, k: RecordKind<R, Q, C, U>) {
  const r = typed(app);
  const withEtag = (reply: Parameters<typeof setEtag>[0], record: R) => {
    setEtag(reply, record.id, record.version);
    return record;
  };
  r.get(`/clients/:id/${k.path}`, { schema: { tags, summary: k.summaries.list, params, querystring: k.listQuery, response: { 200: listOf(k.schema) } } }, async (request) =>
    k.list(db, requireActor(request), request.params.id, request.query as Q),
  );
  r.post(`/clients/:id/${k.path}`, { schema: { tags, summary: k.summaries.create, params, body: k.createBody, response: { 201: k.schema } } }, async (request, reply) =>
    reply.code(201).send(withEtag(reply, await k.create(db, requireActor(request), request.params.id, request.body as C))),
  );
  r.get(`/${k.path}/:id`, { schema: { tags, summary: k.summaries.one, params, response: { 200: k.schema } } }, async (request, reply) =>
    withEtag(reply, await k.get(db, requireActor(request), request.params.id)),
  );
  r.patch(`/${k.path}/:id`, { schema: { tags, summary: k.summaries.update, params, body: k.updateBody, response: { 200: k.schema } } }, async (request, reply) => {
    const { id } = request.params;
    const body = request.body as U;
    return withEtag(reply, await k.update(db, requireActor(request), id, body, expectedVersion(request, id, body.version)));
  });
  r.delete(`/${k.path}/:id`, { schema: { tags, summary: k.summaries.delete, params, querystring: deleteQuery } }, async (request, reply) => {
    const { id } = request.params;
    await k.remove(db, requireActor(request), id, expectedVersion(request, id, request.query.version));
    return reply.code(204).send();
  });
}

export async function billingRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  recordRoutes(app, db, {
    path: 'contracts', schema: contractSchema, listQuery: listQuerySchema, createBody: createContractBodySchema, updateBody: updateContractBodySchema,
    summaries: {
      list: 'A client’s contracts, latest start first', create: 'Add a contract (member)', one: 'One contract',
      update: 'Change a contract (If-Match or version: stale → 412)', delete: 'Delete a contract (member; If-Match or ?version: stale → 412)',
    },
    list: contracts.listContracts, create: contracts.createContract, get: contracts.getContract, update: contracts.updateContract, remove: contracts.deleteContract,
  });
  recordRoutes(app, db, {
    path: 'invoices', schema: invoiceSchema, listQuery: invoiceListQuerySchema, createBody: createInvoiceBodySchema, updateBody: updateInvoiceBodySchema,
    summaries: {
      list: 'A client’s invoices, newest first (status=overdue: sent and past due)',
      create: 'Create an invoice (member): amount from the lines, tax by rate or amount; number unique (409)', one: 'One invoice',
      update: 'Change an invoice: send, void, edit lines (If-Match or version: stale → 412)',
      delete: 'Delete an invoice without payments (member); 409 when it has some; If-Match or ?version: stale → 412',
    },
    list: invoices.listInvoices, create: invoices.createInvoice, get: invoices.getInvoice, update: invoices.updateInvoice, remove: invoices.deleteInvoice,
  });
  recordRoutes(app, db, {
    path: 'payments', schema: paymentSchema, listQuery: listQuerySchema, createBody: createPaymentBodySchema, updateBody: updatePaymentBodySchema,
    summaries: {
      list: 'A client’s payments, latest first', create: 'Record a payment (member); more than the invoice’s open balance → 400 unless asCredit', one: 'One payment',
      update: 'Change a payment (If-Match or version: stale → 412)', delete: 'Delete a payment (member); its invoice opens again; If-Match or ?version: stale → 412',
    },
    list: payments.listPayments, create: payments.createPayment, get: payments.getPayment, update: payments.updatePayment, remove: payments.deletePayment,
  });

  const r = typed(app);
  r.get('/clients/:id/credit', { schema: { tags, summary: 'Credit terms (net days), credit status and unapplied credit', params, response: { 200: creditSchema } } }, async (request) =>
    credit.getCredit(db, requireActor(request), request.params.id),
  );
  r.put('/clients/:id/credit', { schema: { tags, summary: 'Set credit terms or status (member); hold blocks new orders without an override', params, body: updateCreditBodySchema, response: { 200: creditSchema } } }, async (request) =>
    credit.updateCredit(db, requireActor(request), request.params.id, request.body),
  );
  r.get('/clients/:id/summary', { schema: { tags: ['Clients'], summary: 'Quick stats: orders, total value, balance, overdue, revenue, NPS, last activity', params, response: { 200: clientSummarySchema } } }, async (request) =>
    getClientSummary(db, requireActor(request), request.params.id),
  );
}
