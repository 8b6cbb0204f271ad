import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  alertListQuerySchema,
  alertRuleSchema,
  alertSchema,
  alertTaskBodySchema,
  alertVersionBodySchema,
  assignAlertBodySchema,
  createAlertRuleBodySchema,
  notificationPrefsSchema,
  resolveAlertBodySchema,
  snoozeAlertBodySchema,
  updateAlertRuleBodySchema,
  updateNotificationPrefsBodySchema,
  type CreateAlertRuleBody,
} from '../../domain/alert';
import { listOf } from '../../domain/list';
import { requireActor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as rules from './alert-rules.service';
import * as alerts from './alert.service';
import { getNotificationPrefs, updateNotificationPrefs } from './digest.service';
import './alert.health';
import './alert.sweep';
import './digest.job';

const tags = ['Alerts'];
const params = z.object({ id: z.string().max(64) });
const deleteQuery = z.object({ version: z.coerce.number().int().optional() });

export async function alertRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);

  r.get('/alert-rules', { schema: { tags, summary: 'The workspace’s alert rules (defaults created on first read)', response: { 200: z.object({ data: z.array(alertRuleSchema) }) } } }, async (request) => ({
    data: await rules.listRules(db, requireActor(request)),
  }));
  r.post('/alert-rules', { schema: { tags, summary: 'Add an alert rule (manager+)', body: createAlertRuleBodySchema, response: { 201: alertRuleSchema } } }, async (request, reply) => {
    const rule = await rules.createRule(db, requireActor(request), request.body as CreateAlertRuleBody);
    setEtag(reply, rule.id, rule.version);
    return reply.code(201).send(rule);
  });
  r.get('/alert-rules/:id', { schema: { tags, summary: 'One alert rule', params, response: { 200: alertRuleSchema } } }, async (request, reply) => {
    const rule = await rules.getRule(db, requireActor(request), request.params.id);
    setEtag(reply, rule.id, rule.version);
    return rule;
  });
  r.patch('/alert-rules/:id', { schema: { tags, summary: 'Change a rule (manager+; If-Match or version: stale → 412)', params, body: updateAlertRuleBodySchema, response: { 200: alertRuleSchema } } }, async (request, reply) => {
    const { id } = request.params;
    const rule = await rules.updateRule(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
    setEtag(reply, rule.id, rule.version);
    return rule;
  });
  r.delete('/alert-rules/:id', { schema: { tags, summary: 'Delete a rule and its alerts (manager+)', params, querystring: deleteQuery } }, async (request, reply) => {
    const { id } = request.params;
    await rules.deleteRule(db, requireActor(request), id, expectedVersion(request, id, request.query.version));
    return reply.code(204).send();
  });

  r.get('/alerts', { schema: { tags, summary: 'The alert inbox: filters, newest first, keyset pages', querystring: alertListQuerySchema, response: { 200: listOf(alertSchema) } } }, async (request) =>
    alerts.listAlerts(db, requireActor(request), request.query),
  );
  r.get('/clients/:id/alerts', { schema: { tags, summary: 'A client’s alerts', params, querystring: alertListQuerySchema, response: { 200: listOf(alertSchema) } } }, async (request) =>
    alerts.listClientAlerts(db, requireActor(request), request.params.id, request.query),
  );
  r.get('/alerts/:id', { schema: { tags, summary: 'One alert', params, response: { 200: alertSchema } } }, async (request, reply) => {
    const alert = await alerts.getAlert(db, requireActor(request), request.params.id);
    setEtag(reply, alert.id, alert.version);
    return alert;
  });

  const reply200 = { tags, params, response: { 200: alertSchema } };
  r.post('/alerts/:id/assign', { schema: { ...reply200, summary: 'Assign to a member, or null (member+)', body: assignAlertBodySchema } }, async (request, reply) => {
    const { id } = request.params;
    const alert = await alerts.assignAlert(db, requireActor(request), id, request.body.assigneeId, expectedVersion(request, id, request.body.version));
    setEtag(reply, alert.id, alert.version);
    return alert;
  });
  r.post('/alerts/:id/acknowledge', { schema: { ...reply200, summary: 'Acknowledge (member+)', body: alertVersionBodySchema } }, async (request, reply) => {
    const { id } = request.params;
    const alert = await alerts.acknowledgeAlert(db, requireActor(request), id, expectedVersion(request, id, request.body?.version));
    setEtag(reply, alert.id, alert.version);
    return alert;
  });
  r.post('/alerts/:id/snooze', { schema: { ...reply200, summary: 'Snooze until a time in the next 90 days; it reopens then (member+)', body: snoozeAlertBodySchema } }, async (request, reply) => {
    const { id } = request.params;
    const alert = await alerts.snoozeAlert(db, requireActor(request), id, request.body.until, expectedVersion(request, id, request.body.version));
    setEtag(reply, alert.id, alert.version);
    return alert;
  });
  r.post('/alerts/:id/resolve', { schema: { ...reply200, summary: 'Resolve, with an optional note (member+); the rule may fire again later', body: resolveAlertBodySchema } }, async (request, reply) => {
    const { id } = request.params;
    const alert = await alerts.resolveAlert(db, requireActor(request), id, request.body?.resolution, expectedVersion(request, id, request.body?.version));
    setEtag(reply, alert.id, alert.version);
    return alert;
  });
  r.post('/alerts/:id/reopen', { schema: { ...reply200, summary: 'Open a resolved alert again (member+)', body: alertVersionBodySchema } }, async (request, reply) => {
    const { id } = request.params;
    const alert = await alerts.reopenAlert(db, requireActor(request), id, expectedVersion(request, id, request.body?.version));
    setEtag(reply, alert.id, alert.version);
    return alert;
  });
  r.post(
    '/alerts/:id/task',
    { schema: { tags, params, summary: 'Create a task from the alert: the band’s recommended action, due after its hours (member+)', body: alertTaskBodySchema, response: { 201: z.object({ alert: alertSchema, taskId: z.string() }) } } },
    async (request, reply) => {
      const { id } = request.params;
      const result = await alerts.createAlertTask(db, requireActor(request), id, { ...request.body, version: expectedVersion(request, id, request.body?.version) });
      return reply.code(201).send(result);
    },
  );

  r.get('/me/notifications', { schema: { tags, summary: 'My digest e-mail preference in this workspace', response: { 200: notificationPrefsSchema } } }, async (request) =>
    getNotificationPrefs(db, requireActor(request)),
  );
  r.put('/me/notifications', { schema: { tags, summary: 'Change my digest preference (digest on/off, local hour, time zone)', body: updateNotificationPrefsBodySchema, response: { 200: notificationPrefsSchema } } }, async (request) =>
    updateNotificationPrefs(db, requireActor(request), request.body),
  );
}
