import { sql, type Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { fromJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { fieldError } from '../http/problem';
import { mailSettings, sendMail, type MailSettings } from '../mail/mail.service';

type Db = Kysely<Database>;

export type NotificationPrefs = { digest: boolean; digestHour: number; timeZone: string };
const DEFAULT_PREFS: NotificationPrefs = { digest: true, digestHour: 7, timeZone: 'UTC' };
const ITEMS = 25;

async function prefsOf(db: Db, workspaceId: string, userId: string): Promise<NotificationPrefs> {
  const row = await db.selectFrom('notification_prefs').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  return row ? { digest: row.digest === 1, digestHour: row.digest_hour, timeZone: row.time_zone } : DEFAULT_PREFS;
}

export async function getNotificationPrefs(db: Db, actor: Actor): Promise<NotificationPrefs> {
  authorize(actor, 'workspace.read');
  if (!actor.userId) throw fieldError('user', 'an API key has no notification preferences', 400);
  return prefsOf(db, actor.workspaceId, actor.userId);
}

export async function updateNotificationPrefs(db: Db, actor: Actor, body: Partial<NotificationPrefs>): Promise<NotificationPrefs> {
  const current = await getNotificationPrefs(db, actor);
  const next = { ...current, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) } as NotificationPrefs;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: next.timeZone });
  } catch {
    throw fieldError('timeZone', 'is not a time zone (use an IANA name such as Europe/Paris)');
  }
  const values = { digest: next.digest ? 1 : 0, digest_hour: next.digestHour, time_zone: next.timeZone, updated_at: nowIso() };
  await db
    .insertInto('notification_prefs')
    .values({ workspace_id: actor.workspaceId, user_id: actor.userId!, ...values })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ ...values, version: sql`notification_prefs.version + 1` }))
    .execute();
  return next;
}

/** The local calendar day and hour of an instant in a time zone. */
export function localDayHour(at: number, timeZone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(at).map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

export type DigestContent = { alerts: { title: string; client: string; severity: string; reason: string }[]; tasks: { title: string; client: string | null; dueAt: string }[]; responses: { subject: string; client: string; dueAt: string }[] };

/** What a member's digest lists: open alerts assigned to them or to nobody, their overdue tasks and overdue responses. */
export async function digestContent(db: Db, workspaceId: string, userId: string, now: string): Promise<DigestContent> {
  const alertRows = await db
    .selectFrom('alerts as a')
    .innerJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 'a.workspace_id').onRef('c.id', '=', 'a.client_id'))
    .innerJoin('alert_rules as r', (j) => j.onRef('r.workspace_id', '=', 'a.workspace_id').onRef('r.id', '=', 'a.rule_id'))
    .select(['a.title', 'a.severity', 'a.reason', 'c.display_name', 'r.deliver'])
    .where('a.workspace_id', '=', workspaceId).where('a.status', 'in', ['open', 'acknowledged']).where('c.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('a.assignee_id', '=', userId), eb('a.assignee_id', 'is', null)]))
    .orderBy('a.opened_at', 'desc').limit(ITEMS * 2).execute();
  const tasks = await db
    .selectFrom('tasks as t')
    .leftJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 't.workspace_id').onRef('c.id', '=', 't.client_id'))
    .select(['t.title', 't.due_at', 'c.display_name'])
    .where('t.workspace_id', '=', workspaceId).where('t.assignee_id', '=', userId).where('t.status', '=', 'open').where('t.due_at', '<', now)
    .orderBy('t.due_at').limit(ITEMS).execute();
  const responses = await db
    .selectFrom('interactions as i')
    .innerJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 'i.workspace_id').onRef('c.id', '=', 'i.client_id'))
    .select(['i.subject', 'i.kind', 'i.response_due_at', 'c.display_name'])
    .where('i.workspace_id', '=', workspaceId).where('i.direction', '=', 'inbound').where('i.responded_at', 'is', null).where('i.response_due_at', '<', now)
    .where('c.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('i.user_id', '=', userId), eb('c.owner_id', '=', userId)]))
    .orderBy('i.response_due_at').limit(ITEMS).execute();
  return {
    alerts: alertRows
      .filter((a) => fromJson<{ digest?: boolean }>(a.deliver)?.digest !== false)
      .slice(0, ITEMS)
      .map((a) => ({ title: a.title, client: a.display_name, severity: a.severity, reason: a.reason })),
    tasks: tasks.map((t) => ({ title: t.title, client: t.display_name ?? null, dueAt: t.due_at! })),
    responses: responses.map((r) => ({ subject: r.subject ?? `A ${r.kind}`, client: r.display_name, dueAt: r.response_due_at! })),
  };
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function digestMail(content: DigestContent, workspaceName: string, publicUrl: string): { subject: string; text: string; html: string } {
  const n = content.alerts.length;
  const subject = `Rapport — ${workspaceName}: ${n} alert${n === 1 ? '' : 's'}, ${content.tasks.length} overdue task${content.tasks.length === 1 ? '' : 's'}, ${content.responses.length} overdue response${content.responses.length === 1 ? '' : 's'}`;
  const sections: [string, string[]][] = [
    ['Alerts', content.alerts.map((a) => `[${a.severity}] ${a.client}: ${a.title} — ${a.reason}`)],
    ['Overdue tasks', content.tasks.map((t) => `${t.title}${t.client ? ` (${t.client})` : ''} — due ${t.dueAt.slice(0, 16).replace('T', ' ')} UTC`)],
    ['Overdue responses', content.responses.map((r) => `${r.client}: ${r.subject} — due ${r.dueAt.slice(0, 16).replace('T', ' ')} UTC`)],
  ];
  const shown = sections.filter(([, lines]) => lines.length);
  const text = `${shown.map(([h, lines]) => `${h}\n${lines.map((l) => `- ${l}`).join('\n')}`).join('\n\n')}\n\nOpen the inbox: ${publicUrl}/alerts\n`;
  const html = `${shown.map(([h, lines]) => `<h2>${esc(h)}</h2><ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`).join('')}<p><a href="${esc(publicUrl)}/alerts">Open the inbox</a></p>`;
  return { subject, text, html };
}

/**
 * The hourly digest for one workspace: each member whose local digest hour has passed today and
 * who has no digest row for that day gets one e-mail (nothing to report → the day is marked,
 * no mail). The row is claimed before sending, so two runners never send twice; a failed send
 * gives the day back for the next hour.
 */
export async function runDigests(db: Db, workspaceId: string, options: { now?: number; mail?: MailSettings } = {}): Promise<{ sent: number; empty: number; failed: number }> {
  const nowMs = options.now ?? Date.now();
  const now = new Date(nowMs).toISOString();
  const mail = options.mail ?? mailSettings();
  const ws = await db.selectFrom('workspaces').select('name').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const members = await db
    .selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('notification_prefs as p', (j) => j.onRef('p.workspace_id', '=', 'm.workspace_id').onRef('p.user_id', '=', 'm.user_id'))
    .select(['u.id', 'u.email', 'p.digest', 'p.digest_hour', 'p.time_zone'])
    .where('m.workspace_id', '=', workspaceId).execute();
  const result = { sent: 0, empty: 0, failed: 0 };
  for (const m of members) {
    if (m.digest === 0) continue;
    const { day, hour } = localDayHour(nowMs, m.time_zone ?? DEFAULT_PREFS.timeZone);
    if (hour < (m.digest_hour ?? DEFAULT_PREFS.digestHour)) continue;
    const claimed = await db
      .insertInto('alert_digests').values({ workspace_id: workspaceId, user_id: m.id, day, sent_at: now, message_id: null })
      .onConflict((oc) => oc.columns(['workspace_id', 'user_id', 'day']).doNothing()).returning(['user_id']).executeTakeFirst();
    if (!claimed) continue;
    const content = await digestContent(db, workspaceId, m.id, now);
    if (!content.alerts.length && !content.tasks.length && !content.responses.length) {
      result.empty++;
      continue;
    }
    try {
      const message = digestMail(content, ws.name, mail.publicUrl);
      const sent = await sendMail(db, { workspaceId, to: m.email, ...message }, mail);
      await db.updateTable('alert_digests').set({ message_id: sent.messageId }).where('workspace_id', '=', workspaceId).where('user_id', '=', m.id).where('day', '=', day).execute();
      result.sent++;
    } catch {
      await db.deleteFrom('alert_digests').where('workspace_id', '=', workspaceId).where('user_id', '=', m.id).where('day', '=', day).execute();
      result.failed++;
    }
  }
  return result;
}
