import type { Kysely } from 'kysely';
import {
  npsCategory,
  scoreRanges,
  type CreateFeedbackBody,
  type Feedback,
  type FeedbackKind,
  type FeedbackListQuery,
  type FeedbackSummary,
  type UpdateFeedbackBody,
} from '../../domain/feedback';
import type { List } from '../../domain/list';
import type { FieldError } from '../../domain/problem';
import { addTimelineEntry, removeTimelineEntry, updateTimelineEntry } from '../activity/timeline';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { SummaryContributor } from '../clients/client.figures';
import { assertClientExists, creationChanges } from '../clients/client.service';
import { getContact } from '../contacts/contact.service';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { keysetPage } from '../http/pagination';
import { AppError, badRequest, notFound } from '../http/problem';
import { alertsOnFeedback } from '../alerts/alert.events';
import { feedbackRepository, type FeedbackRow } from './feedback.repository';
import { healthInputsChanged } from '../health/health.service';

type Db = Kysely<Database>;

export const feedbackRowToFeedback = (row: FeedbackRow): Feedback => ({
  id: row.id,
  clientId: row.client_id,
  kind: row.kind as FeedbackKind,
  score: row.score === null ? null : Number(row.score),
  comment: row.comment,
  permissionToPublish: Number(row.permission_to_publish) === 1,
  contactId: row.contact_id,
  receivedAt: new Date(row.received_at).toISOString(),
  createdBy: row.created_by,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
  version: row.version,
});

type Editable = Pick<Feedback, 'kind' | 'score' | 'comment' | 'permissionToPublish' | 'contactId' | 'receivedAt'>;

/** Each kind's rules: scored kinds need a score in range, text kinds need a comment; only testimonials are published. */
function checkFeedback(f: Editable): FieldError[] {
  const errors: FieldError[] = [];
  const range = scoreRanges[f.kind];
  if (range) {
    if (f.score === null) errors.push({ path: 'score', message: `is required for ${f.kind} (${range.min}–${range.max})` });
    else if (f.score < range.min || f.score > range.max) errors.push({ path: 'score', message: `must be between ${range.min} and ${range.max} for ${f.kind}` });
  } else if (f.score !== null) {
    errors.push({ path: 'score', message: `is not used for ${f.kind}` });
  }
  if ((f.kind === 'testimonial' || f.kind === 'suggestion') && !f.comment) errors.push({ path: 'comment', message: `is required for a ${f.kind}` });
  if (f.permissionToPublish && f.kind !== 'testimonial') errors.push({ path: 'permissionToPublish', message: 'applies to testimonials only' });
  if (Date.parse(f.receivedAt) > Date.now() + 5 * 60_000) errors.push({ path: 'receivedAt', message: 'must not be in the future' });
  return errors;
}

async function checkContact(db: Db, actor: Actor, clientId: string, contactId: string | null, errors: FieldError[]) {
  if (!contactId) return;
  try {
    const contact = await getContact(db, actor, contactId);
    if (contact.clientId === clientId) return;
  } catch (error) {
    if (!(error instanceof AppError && error.status === 404)) throw error;
  }
  errors.push({ path: 'contactId', message: 'is not a contact of this client' });
}

const fail = (errors: FieldError[]) => badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);

const titleOf = (f: Editable) =>
  f.kind === 'nps' ? `NPS ${f.score}/10` : f.kind === 'csat' ? `CSAT ${f.score}/5` : f.kind === 'testimonial' ? 'Testimonial' : 'Suggestion';
const timelineOf = (f: Editable) => ({
  at: f.receivedAt,
  title: titleOf(f),
  summary: { kind: f.kind, score: f.score, comment: f.comment ? f.comment.slice(0, 200) : null },
});

export async function listFeedback(db: Db, actor: Actor, clientId: string, query: FeedbackListQuery): Promise<List<Feedback>> {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, clientId);
  const [page, total] = await Promise.all([
    keysetPage(feedbackRepository.selectClientFeedback(db, actor.workspaceId, clientId, query.kind), { sort: { column: 'received_at', direction: 'desc' }, idColumn: 'id', limit: query.limit, cursor: query.cursor }),
    feedbackRepository.countClientFeedback(db, actor.workspaceId, clientId, query.kind),
  ]);
  return { data: page.rows.map(feedbackRowToFeedback), nextCursor: page.nextCursor, total };
}

export async function getFeedback(db: Db, actor: Actor, id: string): Promise<Feedback> {
  authorize(actor, 'client.read');
  const row = await feedbackRepository.findFeedback(db, actor.workspaceId, id);
  if (!row) throw notFound('feedback');
  return feedbackRowToFeedback(row);
}

/** Records feedback of a client (member); audited, on the timeline, counts as activity. */
export async function createFeedback(db: Db, actor: Actor, clientId: string, body: CreateFeedbackBody): Promise<Feedback> {
  authorize(actor, 'client.write');
  return db.transaction().execute(async (trx) => {
    await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    const now = nowIso();
    const f: Editable = {
      kind: body.kind,
      score: body.score ?? null,
      comment: body.comment ?? null,
      permissionToPublish: body.permissionToPublish ?? false,
      contactId: body.contactId ?? null,
      receivedAt: body.receivedAt ?? now,
    };
    const errors = checkFeedback(f);
    await checkContact(trx, actor, clientId, f.contactId, errors);
    if (errors.length) throw fail(errors);
    const row: FeedbackRow = {
      workspace_id: actor.workspaceId,
      id: newId(),
      client_id: clientId,
      kind: f.kind,
      score: f.score,
      comment: f.comment,
      permission_to_publish: f.permissionToPublish ? 1 : 0,
      contact_id: f.contactId,
      received_at: f.receivedAt,
      created_by: actor.userId,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await feedbackRepository.insertFeedback(trx, row);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'feedback.created', entityType: 'feedback', entityId: row.id, changes: creationChanges({ clientId, ...f }) });
    await addTimelineEntry(trx, { workspaceId: actor.workspaceId, clientId, kind: 'feedback', recordId: row.id, userId: actor.userId, ...timelineOf(f) });
    await alertsOnFeedback(trx, actor.workspaceId, row);
    await healthInputsChanged(trx, actor.workspaceId, clientId);
    return feedbackRowToFeedback(row);
  });
}

const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);

export async function updateFeedback(db: Db, actor: Actor, id: string, body: UpdateFeedbackBody, expectedVersion?: number): Promise<Feedback> {
  authorize(actor, 'client.write');
  return db.transaction().execute(async (trx) => {
    const row = await feedbackRepository.findFeedback(trx, actor.workspaceId, id);
    if (!row) throw notFound('feedback');
    assertVersion(row.version, expectedVersion);
    await assertClientExists(trx, actor.workspaceId, row.client_id, { live: true });
    const before = feedbackRowToFeedback(row);
    const current: Editable = { kind: before.kind, score: before.score, comment: before.comment, permissionToPublish: before.permissionToPublish, contactId: before.contactId, receivedAt: before.receivedAt };
    const next: Editable = {
      kind: before.kind,
      score: pick(body.score, before.score),
      comment: pick(body.comment, before.comment),
      permissionToPublish: pick(body.permissionToPublish, before.permissionToPublish),
      contactId: pick(body.contactId, before.contactId),
      receivedAt: pick(body.receivedAt, before.receivedAt),
    };
    const errors = checkFeedback(next);
    if (next.contactId !== before.contactId) await checkContact(trx, actor, row.client_id, next.contactId, errors);
    if (errors.length) throw fail(errors);
    const changes = diff(current, next);
    if (!Object.keys(changes).length) return before;
    const values = {
      score: next.score,
      comment: next.comment,
      permission_to_publish: next.permissionToPublish ? 1 : 0,
      contact_id: next.contactId,
      received_at: next.receivedAt,
      updated_at: nowIso(),
    };
    if (!(await feedbackRepository.updateFeedback(trx, actor.workspaceId, id, row.version, values))) throw stale();
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'feedback.updated', entityType: 'feedback', entityId: id, changes });
    await updateTimelineEntry(trx, actor.workspaceId, 'feedback', id, timelineOf(next));
    await healthInputsChanged(trx, actor.workspaceId, row.client_id);
    return feedbackRowToFeedback({ ...row, ...values, version: row.version + 1 });
  });
}

export async function deleteFeedback(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'client.write');
  await db.transaction().execute(async (trx) => {
    const row = await feedbackRepository.findFeedback(trx, actor.workspaceId, id);
    if (!row) throw notFound('feedback');
    await feedbackRepository.deleteFeedback(trx, actor.workspaceId, id);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'feedback.deleted',
      entityType: 'feedback',
      entityId: id,
      changes: { kind: { before: row.kind, after: null }, score: { before: row.score, after: null }, clientId: { before: row.client_id, after: null } },
    });
    await removeTimelineEntry(trx, actor.workspaceId, 'feedback', id);
    await healthInputsChanged(trx, actor.workspaceId, row.client_id);
  });
}

const oneDecimal = (n: number | string | null) => (n === null ? null : Math.round(Number(n) * 10) / 10);

/**
 * A client's satisfaction figures: latest and average NPS, average CSAT, testimonial and
 * suggestion counts. No permission check: for the client summary and health score, which
 * have checked that the caller may read the client.
 */
export async function feedbackSummary(db: Db, workspaceId: string, clientId: string): Promise<FeedbackSummary> {
  const [groups, latest] = await Promise.all([
    feedbackRepository.aggregateClientFeedback(db, workspaceId, clientId),
    feedbackRepository.latestNps(db, workspaceId, clientId),
  ]);
  const of = (kind: FeedbackKind) => groups.find((g) => g.kind === kind);
  const nps = of('nps');
  const csat = of('csat');
  const npsLatest = latest?.score === null || latest?.score === undefined ? null : Number(latest.score);
  return {
    npsLatest,
    npsLatestAt: latest ? new Date(latest.received_at).toISOString() : null,
    npsAverage: nps ? oneDecimal(nps.average) : null,
    npsCount: Number(nps?.n ?? 0),
    npsCategory: npsLatest === null ? null : npsCategory(npsLatest),
    csatAverage: csat ? oneDecimal(csat.average) : null,
    csatCount: Number(csat?.n ?? 0),
    testimonials: Number(of('testimonial')?.n ?? 0),
    publishableTestimonials: Number(of('testimonial')?.publishable ?? 0),
    suggestions: Number(of('suggestion')?.n ?? 0),
  };
}

/** The client summary's NPS (the latest answer) and the feedback figures under extra.feedback. */
export const feedbackSummaryContributor: SummaryContributor = async (db, workspaceId, clientId) => {
  const summary = await feedbackSummary(db, workspaceId, clientId);
  return { nps: summary.npsLatest, extra: { feedback: summary } };
};

/** GET /clients/{id}/feedback/summary. */
export async function getFeedbackSummary(db: Db, actor: Actor, clientId: string): Promise<FeedbackSummary> {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, clientId);
  return feedbackSummary(db, actor.workspaceId, clientId);
}
