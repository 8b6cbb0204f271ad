import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  clientSummarySchema, contractSchema, createContractBodySchema, createInvoiceBodySchema, createPaymentBodySchema, creditSchema, invoiceListQuerySchema,
  invoiceSchema, paymentSchema, updateContractBodySchema, updateCreditBodySchema, updateInvoiceBodySchema, updatePaymentBodySchema,
} from '../../domain/billing';
import { listOf, listQuerySchema } from '../../domain/list';
import { requireActor } from '../auth/actor';
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
type Versioned = { id: string; version: number };

export async function billingRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  const withEtag = <T extends Versioned>(reply: { header: (k: string, v: string) => unknown }, record: T) => {
    setEtag(reply as never, record.id, record.version);
    return record;
  };

  r.get('/clients/:id/contracts', { schema: { tags, summary: 'A client’s contracts, latest start first', params, querystring: listQuerySchema, response: { 200: listOf(contractSchema) } } }, async (request) =>
    contracts.listContracts(db, requireActor(request), request.params.id, request.query),
  );
  r.post('/clients/:id/contracts', { schema: { tags, summary: 'Add a contract (member)', params, body: createContractBodySchema, response: { 201: contractSchema } } }, async (request, reply) =>
    reply.code(201).send(withEtag(reply, await contracts.createContract(db, requireActor(request), request.params.id, request.body))),
  );
  r.get('/contracts/:id', { schema: { tags, summary: 'One contract', params, response: { 200: contractSchema } } }, async (request, reply) =>
    withEtag(reply, await contracts.getContract(db, requireActor(request), request.params.id)),
  );
  r.patch('/contracts/:id', { schema: { tags, summary: 'Change a contract (If-Match or version: stale → 412)', params, body: updateContractBodySchema, response: { 200: contractSchema } } }, async (request, reply) =>
    withEtag(reply, await contracts.updateContract(db, requireActor(request), request.params.id, request.body, expectedVersion(request, request.params.id, request.body.version))),
  );
  r.delete('/contracts/:id', { schema: { tags, summary: 'Delete a contract (member)', params } }, async (request, reply) => {
    await contracts.deleteContract(db, requireActor(request), request.params.id, expectedVersion(request, request.params.id));
    return reply.code(204).send();
  });

  r.get('/clients/:id/invoices', { schema: { tags, summary: 'A client’s invoices, newest first (status=overdue: sent and past due)', params, querystring: invoiceListQuerySchema, response: { 200: listOf(invoiceSchema) } } }, async (request) =>
    invoices.listInvoices(db, requireActor(request), request.params.id, request.query),
  );
  r.post('/clients/:id/invoices', { schema: { tags, summary: 'Create an invoice (member): amount from the lines, tax by rate or amount; number unique (409)', params, body: createInvoiceBodySchema, response: { 201: invoiceSchema } } }, async (request, reply) =>
    reply.code(201).send(withEtag(reply, await invoices.createInvoice(db, requireActor(request), request.params.id, request.body))),
  );
  r.get('/invoices/:id', { schema: { tags, summary: 'One invoice', params, response: { 200: invoiceSchema } } }, async (request, reply) =>
    withEtag(reply, await invoices.getInvoice(db, requireActor(request), request.params.id)),
  );
  r.patch('/invoices/:id', { schema: { tags, summary: 'Change an invoice: send, void, edit lines (If-Match or version: stale → 412)', params, body: updateInvoiceBodySchema, response: { 200: invoiceSchema } } }, async (request, reply) =>
    withEtag(reply, await invoices.updateInvoice(db, requireActor(request), request.params.id, request.body, expectedVersion(request, request.params.id, request.body.version))),
  );
  r.delete('/invoices/:id', { schema: { tags, summary: 'Delete an invoice without payments (member); 409 when it has some', params } }, async (request, reply) => {
    await invoices.deleteInvoice(db, requireActor(request), request.params.id, expectedVersion(request, request.params.id));
    return reply.code(204).send();
  });

  r.get('/clients/:id/payments', { schema: { tags, summary: 'A client’s payments, latest first', params, querystring: listQuerySchema, response: { 200: listOf(paymentSchema) } } }, async (request) =>
    payments.listPayments(db, requireActor(request), request.params.id, request.query),
  );
  r.post('/clients/:id/payments', { schema: { tags, summary: 'Record a payment (member); more than the invoice’s open balance → 400 unless asCredit', params, body: createPaymentBodySchema, response: { 201: paymentSchema } } }, async (request, reply) =>
    reply.code(201).send(withEtag(reply, await payments.createPayment(db, requireActor(request), request.params.id, request.body))),
  );
  r.get('/payments/:id', { schema: { tags, summary: 'One payment', params, response: { 200: paymentSchema } } }, async (request, reply) =>
    withEtag(reply, await payments.getPayment(db, requireActor(request), request.params.id)),
  );
  r.patch('/payments/:id', { schema: { tags, summary: 'Change a payment (If-Match or version: stale → 412)', params, body: updatePaymentBodySchema, response: { 200: paymentSchema } } }, async (request, reply) =>
    withEtag(reply, await payments.updatePayment(db, requireActor(request), request.params.id, request.body, expectedVersion(request, request.params.id, request.body.version))),
  );
  r.delete('/payments/:id', { schema: { tags, summary: 'Delete a payment (member); its invoice opens again', params } }, async (request, reply) => {
    await payments.deletePayment(db, requireActor(request), request.params.id, expectedVersion(request, request.params.id));
    return reply.code(204).send();
  });

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
