import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createReferralBodySchema, referralListQuerySchema, referralListSchema, referralSchema, updateReferralBodySchema } from '../../domain/referral';
import { requireActor } from '../auth/actor';
import { addSummaryContributor } from '../clients/client.figures';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as referrals from './referral.service';

const tags = ['Referrals'];
const params = z.object({ id: z.string().max(64) });

/** Referrals: a client referring another client (or someone not yet a client), with reward status. */
export async function referralRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  addSummaryContributor(referrals.referralSummaryContributor);
  const r = typed(app);
  r.get(
    '/clients/:id/referrals',
    { schema: { tags, summary: 'Referrals the client made and received (direction=made|received|both), newest first, with counts', params, querystring: referralListQuerySchema, response: { 200: referralListSchema } } },
    async (request) => referrals.listReferrals(db, requireActor(request), request.params.id, request.query),
  );
  r.post(
    '/clients/:id/referrals',
    { schema: { tags, summary: 'Record that this client referred someone (member): referredClientId, or referredName/referredEmail', params, body: createReferralBodySchema, response: { 201: referralSchema } } },
    async (request, reply) => {
      const referral = await referrals.createReferral(db, requireActor(request), request.params.id, request.body);
      setEtag(reply, referral.id, referral.version);
      return reply.code(201).send(referral);
    },
  );
  r.get('/referrals/:id', { schema: { tags, summary: 'One referral', params, response: { 200: referralSchema } } }, async (request, reply) => {
    const referral = await referrals.getReferral(db, requireActor(request), request.params.id);
    setEtag(reply, referral.id, referral.version);
    return referral;
  });
  r.patch(
    '/referrals/:id',
    { schema: { tags, summary: 'Change a referral: status, reward, the referred client (partial; If-Match or version: stale → 412)', params, body: updateReferralBodySchema, response: { 200: referralSchema } } },
    async (request, reply) => {
      const { id } = request.params;
      const referral = await referrals.updateReferral(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
      setEtag(reply, referral.id, referral.version);
      return referral;
    },
  );
  r.delete('/referrals/:id', { schema: { tags, summary: 'Delete a referral (member); audited', params } }, async (request, reply) => {
    await referrals.deleteReferral(db, requireActor(request), request.params.id);
    return reply.code(204).send();
  });
}
