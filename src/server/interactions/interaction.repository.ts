import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { nonResponseKinds, type ResponseStatus } from '../../domain/interaction';
import type { Database, InteractionTable } from '../db/schema';

type Db = Kysely<Database>;
export type InteractionRow = Selectable<InteractionTable>;

const findInteraction = (db: Db, workspaceId: string, id: string) =>
  db.selectFrom('interactions').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

const findInteractions = (db: Db, workspaceId: string, ids: string[]) =>
  ids.length ? db.selectFrom('interactions').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute() : Promise.resolve([]);

async function insertInteraction(db: Db, row: Insertable<InteractionTable>) {
  await db.insertInto('interactions').values(row).execute();
}

async function updateInteraction(db: Db, workspaceId: string, id: string, version: number, values: Updateable<InteractionTable>) {
  const r = await db
    .updateTable('interactions')
    .set({ ...values, version: version + 1 })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Derived fields (response, follow-up task): not an edit, so the version stays. */
async function setDerived(db: Db, workspaceId: string, ids: string[], values: Pick<Updateable<InteractionTable>, 'responded_at' | 'response_interaction_id' | 'follow_up_task_id'>) {
  if (!ids.length) return;
  await db.updateTable('interactions').set(values).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
}

async function deleteInteraction(db: Db, workspaceId: string, id: string) {
  await db.deleteFrom('interactions').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Filters of a client's interaction list. */
export type InteractionFilter = { kind?: string; direction?: string; responseStatus?: ResponseStatus; now: string };

function selectClientInteractions(db: Db, workspaceId: string, clientId: string, f: InteractionFilter) {
  let q = db.selectFrom('interactions').selectAll().where('workspace_id', '=', workspaceId).where('client_id', '=', clientId);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.direction) q = q.where('direction', '=', f.direction);
  if (f.responseStatus) {
    q = q.where('direction', '=', 'inbound');
    if (f.responseStatus === 'pending') q = q.where('responded_at', 'is', null).where('response_due_at', '>=', f.now);
    if (f.responseStatus === 'met') q = q.where('responded_at', 'is not', null).where(sql<boolean>`responded_at <= response_due_at`);
    if (f.responseStatus === 'breached') {
      q = q.where(sql<boolean>`((responded_at is null and response_due_at < ${f.now}) or responded_at > response_due_at)`);
    }
  }
  return q;
}

async function countClientInteractions(db: Db, workspaceId: string, clientId: string, f: InteractionFilter) {
  const row = await selectClientInteractions(db, workspaceId, clientId, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of a client's interactions, newest first (keyset on occurred_at, id). */
function pageClientInteractions(db: Db, workspaceId: string, clientId: string, f: InteractionFilter, after: { at: string; id: string } | undefined, limit: number) {
  let q = selectClientInteractions(db, workspaceId, clientId, f);
  if (after) q = q.where('occurred_at', '<=', after.at).where(sql<boolean>`(occurred_at < ${after.at} or id < ${after.id})`);
  return q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The first interaction that counts as a response (outbound, not a note or automated) at or after `at`. */
function findFirstResponse(db: Db, workspaceId: string, clientId: string, at: string) {
  return db
    .selectFrom('interactions')
    .select(['id', 'occurred_at'])
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .where('occurred_at', '>=', at)
    .where('direction', '=', 'outbound')
    .where('kind', 'not in', nonResponseKinds as string[])
    .orderBy('occurred_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Inbound interactions a response at `at` answers: those still waiting that happened at or
 * before it, and those matched to a later response (this one came first).
 */
async function findAnswerable(db: Db, workspaceId: string, clientId: string, at: string) {
  const waiting = await db
    .selectFrom('interactions')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    // Literal, not a parameter: SQLite only uses the partial index when it can see the value.
    .where('direction', '=', sql.lit('inbound'))
    .where('responded_at', 'is', null)
    .where('occurred_at', '<=', at)
    .execute();
  const later = await db
    .selectFrom('interactions')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .where('response_interaction_id', 'is not', null)
    .where('responded_at', '>', at)
    .where('direction', '=', 'inbound')
    .where('occurred_at', '<=', at)
    .execute();
  return [...waiting, ...later].map((r) => r.id);
}

/** Inbound interactions that `responseId` answered (it answered them at `respondedAt`). */
async function findAnsweredBy(db: Db, workspaceId: string, clientId: string, responseId: string, respondedAt: string) {
  const rows = await db
    .selectFrom('interactions')
    .select(['id', 'occurred_at'])
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .where('responded_at', '=', respondedAt)
    .where('response_interaction_id', '=', responseId)
    .execute();
  return rows;
}

export const interactionRepository = Object.freeze({
  findInteraction,
  findInteractions,
  insertInteraction,
  updateInteraction,
  setDerived,
  deleteInteraction,
  countClientInteractions,
  pageClientInteractions,
  findFirstResponse,
  findAnswerable,
  findAnsweredBy,
});
