import type { Kysely } from 'kysely';
import type { FieldError } from '../../domain/problem';
import type { CreateReferralBody, Referral, ReferralCounts, ReferralListQuery, UpdateReferralBody } from '../../domain/referral';
import { addTimelineEntry, removeTimelineEntry, updateTimelineEntry } from '../activity/timeline';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { SummaryContributor } from '../clients/client.figures';
import { assertClientExists, creationChanges } from '../clients/client.service';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { keysetPage } from '../http/pagination';
import { AppError, badRequest, conflict, notFound } from '../http/problem';
import { referralRepository, type ReferralWithNames } from './referral.repository';
import { healthInputsChanged } from '../health/health.service';

type Db = Kysely<Database>;

export const referralRowToReferral = (row: ReferralWithNames): Referral => ({
  id: row.id,
  referrerClientId: row.referrer_client_id,
  referrer: row.referrer_name === null ? null : { id: row.referrer_client_id, displayName: row.referrer_name },
  referredClientId: row.referred_client_id,
  referred: row.referred_client_id && row.referred_display_name !== null ? { id: row.referred_client_id, displayName: row.referred_display_name } : null,
  referredName: row.referred_name,
  referredEmail: row.referred_email,
  status: row.status as Referral['status'],
  rewardStatus: row.reward_status as Referral['rewardStatus'],
  rewardNotes: row.reward_notes,
  notes: row.notes,
  referredAt: new Date(row.referred_at).toISOString(),
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
  version: row.version,
});

type Editable = Pick<Referral, 'referredClientId' | 'referredName' | 'referredEmail' | 'status' | 'rewardStatus' | 'rewardNotes' | 'notes' | 'referredAt'>;

/** Checks who was referred: an existing live client of the workspace (not the referrer), or a name/e-mail. */
async function checkReferral(db: Db, actor: Actor, referrerId: string, r: Editable, known?: { id: string; name: string | null }): Promise<{ referredName: string | null }> {
  const errors: FieldError[] = [];
  let referredName: string | null = null;
  if (r.referredClientId && known && known.id === r.referredClientId) {
    // Unchanged: a referred client who is now in Trash does not block editing the status.
    referredName = known.name;
  } else if (r.referredClientId) {
    if (r.referredClientId === referrerId) errors.push({ path: 'referredClientId', message: 'cannot be the referring client' });
    else {
      try {
        referredName = (await assertClientExists(db, actor.workspaceId, r.referredClientId, { live: true })).display_name;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.push({ path: 'referredClientId', message: error.status === 404 ? 'is not a client of this workspace' : 'is in Trash' });
      }
    }
  } else if (!r.referredName && !r.referredEmail) {
    errors.push({ path: 'referredName', message: 'give referredClientId, or the referred person’s name or e-mail' });
  }
  if (Date.parse(r.referredAt) > Date.now() + 5 * 60_000) errors.push({ path: 'referredAt', message: 'must not be in the future' });
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
  return { referredName };
}

const timelineTitle = (referrer: string, referred: string | null) => `Referral: ${referrer} → ${referred ?? 'someone'}`.slice(0, 300);

/** Referrals a client made and received, both directions by default, newest first; with the client's counts. */
export async function listReferrals(db: Db, actor: Actor, clientId: string, query: ReferralListQuery) {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, clientId);
  const [page, counts] = await Promise.all([
    keysetPage(referralRepository.selectClientReferrals(db, actor.workspaceId, clientId, query.direction), { sort: { column: 'r.referred_at', direction: 'desc' }, idColumn: 'r.id', limit: query.limit, cursor: query.cursor }),
    referralCounts(db, actor.workspaceId, clientId),
  ]);
  const total = query.direction === 'made' ? counts.made : query.direction === 'received' ? counts.received : counts.made + counts.received;
  return { data: page.rows.map(referralRowToReferral), nextCursor: page.nextCursor, total, counts };
}

/** How many referrals a client made (converted, rewarded) and received. No permission check: for summaries and health. */
export async function referralCounts(db: Db, workspaceId: string, clientId: string): Promise<ReferralCounts> {
  const { made, received } = await referralRepository.countClientReferrals(db, workspaceId, clientId);
  const n = (...statuses: string[]) => made.filter((m) => statuses.includes(m.status)).reduce((sum, m) => sum + m.n, 0);
  return { made: n('pending', 'converted', 'rewarded', 'declined'), converted: n('converted', 'rewarded'), rewarded: n('rewarded'), received };
}

/** The client summary's extra.referrals: how many the client made, converted, got rewarded for, and received. */
export const referralSummaryContributor: SummaryContributor = async (db, workspaceId, clientId) => ({ extra: { referrals: await referralCounts(db, workspaceId, clientId) } });

async function loadReferral(db: Db, workspaceId: string, id: string) {
  const row = await referralRepository.findReferral(db, workspaceId, id);
  if (!row) throw notFound('referral');
  return row;
}

export async function getReferral(db: Db, actor: Actor, id: string): Promise<Referral> {
  authorize(actor, 'client.read');
  return referralRowToReferral(await loadReferral(db, actor.workspaceId, id));
}

async function addTimelineEntries(trx: Db, actor: Actor, id: string, referrer: { id: string; name: string }, referred: { id: string | null; name: string | null }, at: string, status: string) {
  const entry = { workspaceId: actor.workspaceId, kind: 'referral' as const, recordId: id, at, userId: actor.userId, title: timelineTitle(referrer.name, referred.name), summary: { status, referrerClientId: referrer.id, referredClientId: referred.id } };
  await addTimelineEntry(trx, { ...entry, clientId: referrer.id });
  if (referred.id) await addTimelineEntry(trx, { ...entry, clientId: referred.id });
}

/** Records that the client in the path referred someone (member); audited, on both clients' timelines. */
export async function createReferral(db: Db, actor: Actor, referrerId: string, body: CreateReferralBody): Promise<Referral> {
  authorize(actor, 'client.write');
  return db.transaction().execute(async (trx) => {
    const referrer = await assertClientExists(trx, actor.workspaceId, referrerId, { live: true });
    const now = nowIso();
    const r: Editable = {
      referredClientId: body.referredClientId ?? null,
      referredName: body.referredName ?? null,
      referredEmail: body.referredEmail ?? null,
      status: body.status ?? 'pending',
      rewardStatus: body.rewardStatus ?? 'none',
      rewardNotes: body.rewardNotes ?? null,
      notes: body.notes ?? null,
      referredAt: body.referredAt ?? now,
    };
    const { referredName } = await checkReferral(trx, actor, referrerId, r);
    if (r.referredClientId && (await referralRepository.findPair(trx, actor.workspaceId, referrerId, r.referredClientId))) {
      throw conflict('This referral is already recorded.', [{ path: 'referredClientId', message: 'was already referred by this client' }]);
    }
    const id = newId();
    await referralRepository.insertReferral(trx, {
      workspace_id: actor.workspaceId,
      id,
      referrer_client_id: referrerId,
      referred_client_id: r.referredClientId,
      referred_name: r.referredName,
      referred_email: r.referredEmail,
      status: r.status,
      reward_status: r.rewardStatus,
      reward_notes: r.rewardNotes,
      notes: r.notes,
      referred_at: r.referredAt,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'referral.created', entityType: 'referral', entityId: id, changes: creationChanges({ referrerClientId: referrerId, ...r }) });
    await addTimelineEntries(trx, actor, id, { id: referrerId, name: referrer.display_name }, { id: r.referredClientId, name: referredName ?? r.referredName ?? r.referredEmail }, r.referredAt, r.status);
    await healthInputsChanged(trx, actor.workspaceId, referrerId);
    return referralRowToReferral(await loadReferral(trx, actor.workspaceId, id));
  });
}

const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);

/** Changes a referral (member): status, reward, who was referred; audited. */
export async function updateReferral(db: Db, actor: Actor, id: string, body: UpdateReferralBody, expectedVersion?: number): Promise<Referral> {
  authorize(actor, 'client.write');
  return db.transaction().execute(async (trx) => {
    const row = await loadReferral(trx, actor.workspaceId, id);
    assertVersion(row.version, expectedVersion);
    const referrer = await assertClientExists(trx, actor.workspaceId, row.referrer_client_id, { live: true });
    const before = referralRowToReferral(row);
    const current: Editable = { referredClientId: before.referredClientId, referredName: before.referredName, referredEmail: before.referredEmail, status: before.status, rewardStatus: before.rewardStatus, rewardNotes: before.rewardNotes, notes: before.notes, referredAt: before.referredAt };
    const next: Editable = {
      referredClientId: pick(body.referredClientId, current.referredClientId),
      referredName: pick(body.referredName, current.referredName),
      referredEmail: pick(body.referredEmail, current.referredEmail),
      status: pick(body.status, current.status),
      rewardStatus: pick(body.rewardStatus, current.rewardStatus),
      rewardNotes: pick(body.rewardNotes, current.rewardNotes),
      notes: pick(body.notes, current.notes),
      referredAt: pick(body.referredAt, current.referredAt),
    };
    const changes = diff(current, next);
    if (!Object.keys(changes).length) return before;
    const known = row.referred_client_id ? { id: row.referred_client_id, name: row.referred_display_name } : undefined;
    const { referredName } = await checkReferral(trx, actor, row.referrer_client_id, next, known);
    if (changes.referredClientId && next.referredClientId && (await referralRepository.findPair(trx, actor.workspaceId, row.referrer_client_id, next.referredClientId))) {
      throw conflict('This referral is already recorded.', [{ path: 'referredClientId', message: 'was already referred by this client' }]);
    }
    const values = {
      referred_client_id: next.referredClientId,
      referred_name: next.referredName,
      referred_email: next.referredEmail,
      status: next.status,
      reward_status: next.rewardStatus,
      reward_notes: next.rewardNotes,
      notes: next.notes,
      referred_at: next.referredAt,
      updated_at: nowIso(),
    };
    if (!(await referralRepository.updateReferral(trx, actor.workspaceId, id, row.version, values))) throw stale();
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'referral.updated', entityType: 'referral', entityId: id, changes });
    const referred = { id: next.referredClientId, name: referredName ?? next.referredName ?? next.referredEmail };
    if (changes.referredClientId) {
      // The entry moves to the newly referred client's timeline.
      await removeTimelineEntry(trx, actor.workspaceId, 'referral', id);
      await addTimelineEntries(trx, actor, id, { id: referrer.id, name: referrer.display_name }, referred, next.referredAt, next.status);
    } else {
      await updateTimelineEntry(trx, actor.workspaceId, 'referral', id, { at: next.referredAt, title: timelineTitle(referrer.display_name, referred.name), summary: { status: next.status, referrerClientId: referrer.id, referredClientId: referred.id } });
    }
    await healthInputsChanged(trx, actor.workspaceId, referrer.id);
    return referralRowToReferral(await loadReferral(trx, actor.workspaceId, id));
  });
}

export async function deleteReferral(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'client.write');
  await db.transaction().execute(async (trx) => {
    const row = await loadReferral(trx, actor.workspaceId, id);
    await referralRepository.deleteReferral(trx, actor.workspaceId, id);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'referral.deleted',
      entityType: 'referral',
      entityId: id,
      changes: { referrerClientId: { before: row.referrer_client_id, after: null }, referredClientId: { before: row.referred_client_id, after: null }, status: { before: row.status, after: null } },
    });
    await removeTimelineEntry(trx, actor.workspaceId, 'referral', id);
    await healthInputsChanged(trx, actor.workspaceId, row.referrer_client_id);
  });
}
