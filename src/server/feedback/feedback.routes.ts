import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createFeedbackBodySchema, feedbackListQuerySchema, feedbackSchema, feedbackSummarySchema, updateFeedbackBodySchema } from '../../domain/feedback';
import { listOf } from '../../domain/list';
import { requireActor } from '../auth/actor';
import { addSummaryContributor } from '../clients/client.figures';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as feedback from './feedback.service';

const tags = ['Feedback'];
const params = z.object({ id: z.string().max(64) });

/** NPS and CSAT answers, testimonials and suggestions of a client. */
export async function feedbackRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  addSummaryContributor(feedback.feedbackSummaryContributor);
  const r = typed(app);
  r.get(
    '/clients/:id/feedback',
    { schema: { tags, summary: 'A client’s feedback, newest first (kind= filters)', params, querystring: feedbackListQuerySchema, response: { 200: listOf(feedbackSchema) } } },
    async (request) => feedback.listFeedback(db, requireActor(request), request.params.id, request.query),
  );
  r.get(
    '/clients/:id/feedback/summary',
    { schema: { tags, summary: 'Latest and average NPS, average CSAT, testimonial counts', params, response: { 200: feedbackSummarySchema } } },
    async (request) => feedback.getFeedbackSummary(db, requireActor(request), request.params.id),
  );
  r.post(
    '/clients/:id/feedback',
    { schema: { tags, summary: 'Record feedback (member): nps (score 0–10), csat (1–5), testimonial (comment, permissionToPublish), suggestion (comment)', params, body: createFeedbackBodySchema, response: { 201: feedbackSchema } } },
    async (request, reply) => {
      const f = await feedback.createFeedback(db, requireActor(request), request.params.id, request.body);
      setEtag(reply, f.id, f.version);
      return reply.code(201).send(f);
    },
  );
  r.get('/feedback/:id', { schema: { tags, summary: 'One piece of feedback', params, response: { 200: feedbackSchema } } }, async (request, reply) => {
    const f = await feedback.getFeedback(db, requireActor(request), request.params.id);
    setEtag(reply, f.id, f.version);
    return f;
  });
  r.patch(
    '/feedback/:id',
    { schema: { tags, summary: 'Change feedback (partial; the kind is fixed; If-Match or version: stale → 412)', params, body: updateFeedbackBodySchema, response: { 200: feedbackSchema } } },
    async (request, reply) => {
      const { id } = request.params;
      const f = await feedback.updateFeedback(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
      setEtag(reply, f.id, f.version);
      return f;
    },
  );
  r.delete('/feedback/:id', { schema: { tags, summary: 'Delete feedback (member); audited', params } }, async (request, reply) => {
    await feedback.deleteFeedback(db, requireActor(request), request.params.id);
    return reply.code(204).send();
  });
}
