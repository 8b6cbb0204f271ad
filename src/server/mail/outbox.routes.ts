import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listOf, listQuerySchema } from '../../domain/list';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { keysetPage } from '../http/pagination';
import { typed, type ModuleDeps } from '../http/route-types';
import { configureMail } from './mail.service';

const outboxMessageSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  error: z.string().nullable(),
});

/** GET /outbox (admin): the mail this workspace would have sent, newest first, when SMTP_URL is empty. */
export async function outboxRoutes(app: FastifyInstance, { db, config }: ModuleDeps) {
  configureMail(config);
  typed(app).get(
    '/outbox',
    { schema: { tags: ['Mail'], summary: 'Mail kept in the outbox (no SMTP_URL), newest first (admin)', querystring: listQuerySchema, response: { 200: listOf(outboxMessageSchema) } } },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'outbox.read');
      const base = db.selectFrom('outbox_messages').where('workspace_id', '=', actor.workspaceId);
      const [{ rows, nextCursor }, count] = await Promise.all([
        keysetPage(base.selectAll(), { sort: { column: 'created_at', direction: 'desc' }, idColumn: 'id', limit: request.query.limit, cursor: request.query.cursor }),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        data: rows.map((r) => ({ id: r.id, to: r.to, subject: r.subject, text: r.text, html: r.html, createdAt: r.created_at, sentAt: r.sent_at, error: r.error })),
        nextCursor,
        total: Number(count.n),
      };
    },
  );
}
