import { sql, type Kysely } from 'kysely';
import type { ClientWarning } from '../../domain/client';
import type { ClientDuplicate, DuplicateCluster } from '../../domain/duplicate';
import { canonicalEmail, nameKey, orderedPair } from '../../domain/duplicateScore';
import { normalizeEmail } from '../../domain/email';
import type { List, ListQuery } from '../../domain/list';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { dialectOf } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { decodeCursor, encodeCursor } from '../http/pagination';
import { badRequest, notFound } from '../http/problem';
import { enqueueJob } from '../jobs/job.service';
import { evaluateCandidates, reclusterAround } from './duplicate.cluster';
import { duplicateRepository as repo } from './duplicate.repository';
import { DUPLICATE_SCAN_JOB } from './duplicate.scan';
import { duplicateSettingsOf } from './duplicate-settings.service';

type Db = Kysely<Database>;

/** Name neighbours (each side, in name order) a new client is compared with. */
const NEIGHBOURS = 100;

/** Queues a scan of the whole workspace (manager). */
export async function startDuplicateScan(db: Db, actor: Actor): Promise<{ jobId: string }> {
  authorize(actor, 'duplicate.manage');
  const jobId = await enqueueJob(db, { workspaceId: actor.workspaceId, kind: DUPLICATE_SCAN_JOB, params: { userId: actor.userId }, createdBy: actor.userId });
  await recordAudit(db, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'duplicates.scan_started', entityType: 'job', entityId: jobId });
  return { jobId };
}

/**
 * The cheap check of one client (on create): the same rules as the scan, on candidates found
 * through indexes only — clients sharing a phone, an e-mail's canonical form or the phone
 * prefix, and the nearest names in name order that share the company or the city. Stores the
 * pairs that pass, joins them to their clusters, and returns a warning per likely duplicate.
 */
export async function checkClientForDuplicates(trx: Db, ws: string, clientId: string): Promise<ClientWarning[]> {
  const settings = await duplicateSettingsOf(trx, ws);
  const me = await trx
    .selectFrom('clients')
    .select(['id', 'display_name', 'sort_name', 'company_name', 'city', 'country', 'emails', 'phones'])
    .where('workspace_id', '=', ws)
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (!me) return [];
  const phones = repo.valuesOf(me.phones);
  const emails = repo.valuesOf(me.emails);
  const candidates = new Set<string>();
  if (phones.length && (settings.phone.enabled || settings.name.enabled)) {
    const same = await trx.selectFrom('client_phones').select('client_id').where('workspace_id', '=', ws).where('e164', 'in', phones).execute();
    for (const r of same) candidates.add(r.client_id);
  }
  if (phones.length && settings.name.enabled && settings.blocks.phonePrefix) {
    for (const phone of phones) {
      const prefix = phone.slice(0, -4);
      const near = await trx.selectFrom('client_phones').select('client_id').where('workspace_id', '=', ws).where('e164', '>=', prefix).where('e164', '<', `${prefix}~`).limit(NEIGHBOURS).execute();
      for (const r of near) candidates.add(r.client_id);
    }
  }
  if (emails.length && settings.email.enabled) {
    const forms = [...new Set(emails.flatMap((e) => [normalizeEmail(e), canonicalEmail(e)]))];
    const same = await trx.selectFrom('client_emails').select('client_id').where('workspace_id', '=', ws).where('email_normalized', 'in', forms).execute();
    for (const r of same) candidates.add(r.client_id);
  }
  if (settings.name.enabled && (settings.blocks.company || settings.blocks.city) && me.sort_name) {
    const col = dialectOf(trx) === 'postgres' ? sql<string>`sort_name COLLATE "C"` : sql<string>`sort_name`;
    const side = (op: '>=' | '<', dir: 'asc' | 'desc') =>
      trx
        .selectFrom('clients')
        .select(['id', 'company_name', 'city', 'country'])
        .where('workspace_id', '=', ws)
        .where('deleted_at', 'is', null)
        .where(sql<boolean>`${col} ${sql.raw(op)} ${me.sort_name}`)
        .orderBy(sql`${col} ${sql.raw(dir)}`)
        .limit(NEIGHBOURS)
        .execute();
    const company = me.company_name ? nameKey(me.company_name) : null;
    const city = me.city ? `${me.country ?? ''}|${nameKey(me.city)}` : null;
    for (const other of [...(await side('>=', 'asc')), ...(await side('<', 'desc'))]) {
      const sameCompany = settings.blocks.company && company && other.company_name && nameKey(other.company_name) === company;
      const sameCity = settings.blocks.city && city && other.city && `${other.country ?? ''}|${nameKey(other.city)}` === city;
      if (sameCompany || sameCity) candidates.add(other.id);
    }
  }
  candidates.delete(clientId);
  if (!candidates.size) return [];
  const found = await evaluateCandidates(trx, ws, [...candidates].map((other) => [clientId, other] as [string, string]), settings);
  if (!found.length) return [];
  await reclusterAround(trx, ws, [clientId]);
  const others = found.map((p) => (p.a === clientId ? p.b : p.a));
  const names = new Map((await repo.clientsForReview(trx, ws, others)).map((c) => [c.id, c.display_name]));
  return found
    .sort((x, y) => y.score - x.score)
    .map((p) => {
      const other = p.a === clientId ? p.b : p.a;
      return { code: 'possible_duplicate' as const, clientId: other, message: `${names.get(other) ?? 'Another client'} may be the same client (${p.reasons.map((r) => r.text).join(', ')}; score ${p.score}).` };
    });
}

/** The review queue: clusters of likely duplicates, best score first, with their clients and pairs. */
export async function listDuplicates(db: Db, actor: Actor, query: ListQuery & { minScore?: number }): Promise<List<DuplicateCluster>> {
  authorize(actor, 'client.read');
  const ws = actor.workspaceId;
  const minScore = query.minScore ?? 0;
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  if (after && (typeof after[0] !== 'number' || typeof after[1] !== 'string')) throw badRequest('cursor is invalid', [{ path: 'cursor', message: 'is invalid or expired' }]);
  const [page, total] = await Promise.all([
    repo.clusterPage(db, ws, after ? { score: after[0] as number, id: after[1] as string } : null, query.limit + 1, minScore),
    repo.countClusters(db, ws, minScore),
  ]);
  const more = page.length > query.limit;
  const clusters = page.slice(0, query.limit);
  const pairs = await repo.pairsOfClusters(db, ws, clusters.map((c) => c.id));
  const clients = await repo.clientsForReview(db, ws, [...new Set(pairs.flatMap((p) => [p.client_a, p.client_b]))]);
  const byId = new Map(clients.map((c) => [c.id, c]));
  const data = clusters.map((c) => {
    const mine = pairs.filter((p) => p.cluster_id === c.id).sort((x, y) => y.score - x.score);
    const ids = [...new Set(mine.flatMap((p) => [p.client_a, p.client_b]))].sort();
    return {
      id: c.id,
      score: c.score,
      size: c.size,
      clients: ids.flatMap((id) => {
        const row = byId.get(id);
        return row ? [reviewClientOf(row)] : [];
      }),
      pairs: mine.map((p) => ({ clientIds: [p.client_a, p.client_b] as [string, string], score: p.score, reasons: p.reasons })),
    };
  });
  const last = clusters[clusters.length - 1];
  return { data, nextCursor: more && last ? encodeCursor([last.score, last.id]) : null, total };
}

const reviewClientOf = (row: { id: string; display_name: string; emails: unknown; phones: unknown; city: string | null; company_name: string | null; created_at: string }) => ({
  id: row.id,
  displayName: row.display_name,
  emails: repo.valuesOf(row.emails),
  phones: repo.valuesOf(row.phones),
  city: row.city,
  companyName: row.company_name,
  createdAt: new Date(row.created_at).toISOString(),
});

/** The likely duplicates of one client (for its page), best first; 404 for another workspace's client. */
export async function listClientDuplicates(db: Db, actor: Actor, clientId: string): Promise<{ data: ClientDuplicate[] }> {
  authorize(actor, 'client.read');
  const ws = actor.workspaceId;
  const exists = await db.selectFrom('clients').select('id').where('workspace_id', '=', ws).where('id', '=', clientId).executeTakeFirst();
  if (!exists) throw notFound('client');
  const pairs = (await repo.pairsOfClients(db, ws, [clientId])).sort((x, y) => y.score - x.score);
  const others = new Map((await repo.clientsForReview(db, ws, pairs.map((p) => (p.client_a === clientId ? p.client_b : p.client_a)))).map((c) => [c.id, c]));
  return {
    data: pairs.flatMap((p) => {
      const other = others.get(p.client_a === clientId ? p.client_b : p.client_a);
      return other ? [{ client: reviewClientOf(other), score: p.score, reasons: p.reasons, clusterId: p.cluster_id }] : [];
    }),
  };
}

/** "Not a duplicate": remembered for good, the pair leaves the queue and is never proposed again. */
export async function dismissDuplicate(db: Db, actor: Actor, clientIds: [string, string]): Promise<void> {
  authorize(actor, 'client.write');
  const ws = actor.workspaceId;
  const [a, b] = orderedPair(clientIds[0], clientIds[1]);
  if (a === b) throw badRequest('clientIds must be two different clients', [{ path: 'clientIds', message: 'must be two different clients' }]);
  await db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom('clients').select('id').where('workspace_id', '=', ws).where('id', 'in', [a, b]).execute();
    if (found.length !== 2) throw notFound('client');
    await trx
      .insertInto('duplicate_dismissals')
      .values({ workspace_id: ws, client_a: a, client_b: b, created_by: actor.userId, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['workspace_id', 'client_a', 'client_b']).doNothing())
      .execute();
    const pairs = await repo.pairsOfClients(trx, ws, [a]);
    const cluster = pairs.find((p) => p.client_b === b)?.cluster_id;
    if (await repo.deletePair(trx, ws, a, b)) await reclusterAround(trx, ws, [a, b], cluster ? [cluster] : []);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: ws, action: 'duplicates.dismissed', entityType: 'client', entityId: a, changes: { notDuplicateOf: { before: null, after: b } } });
  });
}
