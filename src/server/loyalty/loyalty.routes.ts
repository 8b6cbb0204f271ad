import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listQuerySchema } from '../../domain/list';
import { adjustPointsBodySchema, loyaltyAccountSchema, loyaltyEntrySchema, loyaltySettingsSchema, redeemPointsBodySchema, updateLoyaltySettingsBodySchema } from '../../domain/loyalty';
import { requireActor } from '../auth/actor';
import { addSummaryContributor } from '../clients/client.figures';
import { typed, type ModuleDeps } from '../http/route-types';
import * as loyalty from './loyalty.service';

const tags = ['Loyalty'];
const params = z.object({ id: z.string().max(64) });

/** A client's points ledger: balance and tier, hand adjustments, redemptions; the workspace's points rule. */
export async function loyaltyRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  addSummaryContributor(loyalty.loyaltySummaryContributor);
  const r = typed(app);
  r.get(
    '/clients/:id/loyalty',
    { schema: { tags, summary: 'Points balance, tier and the ledger (newest first, keyset pages)', params, querystring: listQuerySchema, response: { 200: loyaltyAccountSchema } } },
    async (request) => loyalty.getLoyaltyAccount(db, requireActor(request), request.params.id, request.query),
  );
  r.post(
    '/clients/:id/loyalty/adjust',
    { schema: { tags, summary: 'Adjust points by hand (manager): ± points with a reason; the balance never goes below zero', params, body: adjustPointsBodySchema, response: { 201: loyaltyEntrySchema } } },
    async (request, reply) => reply.code(201).send(await loyalty.adjustPoints(db, requireActor(request), request.params.id, request.body)),
  );
  r.post(
    '/clients/:id/loyalty/redeem',
    { schema: { tags, summary: 'Redeem points (member); not more than the balance (400)', params, body: redeemPointsBodySchema, response: { 201: loyaltyEntrySchema } } },
    async (request, reply) => reply.code(201).send(await loyalty.redeemPoints(db, requireActor(request), request.params.id, request.body)),
  );
  r.get('/settings/loyalty', { schema: { tags: ['Settings'], summary: 'Loyalty rule: points per completed order and per currency unit, tiers', response: { 200: loyaltySettingsSchema } } }, async (request) =>
    loyalty.getLoyaltySettings(db, requireActor(request)),
  );
  r.put(
    '/settings/loyalty',
    { schema: { tags: ['Settings'], summary: 'Change the loyalty rule and tiers (admin); audited', body: updateLoyaltySettingsBodySchema, response: { 200: loyaltySettingsSchema } } },
    async (request) => loyalty.updateLoyaltySettings(db, requireActor(request), request.body),
  );
}
