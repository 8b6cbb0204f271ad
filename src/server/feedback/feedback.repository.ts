import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, FeedbackTable } from '../db/schema';
import { findWorkspaceRow, updateWorkspaceRow, deleteWorkspaceRow } from '../db/workspace-rows';

type Db = Kysely<Database>;
export type FeedbackRow = Selectable<FeedbackTable>;

function selectClientFeedback(db: Db, workspaceId: string, clientId: string, kind?: string) {
  let q = db.selectFrom('feedback').selectAll().where('workspace_id', '=', workspaceId).where('client_id', '=', clientId);
  if (kind) q = q.where('kind', '=', kind);
  return q;
}

async function countClientFeedback(db: Db, workspaceId: string, clientId: string, kind?: string) {
  let q = db.selectFrom('feedback').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('client_id', '=', clientId);
  if (kind) q = q.where('kind', '=', kind);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

const findFeedback = (db: Db, workspaceId: string, id: string) => findWorkspaceRow(db, 'feedback', workspaceId, id);

async function insertFeedback(db: Db, row: Insertable<FeedbackTable>) {
  await db.insertInto('feedback').values(row).execute();
}

const updateFeedback = (db: Db, workspaceId: string, id: string, version: number, values: Updateable<FeedbackTable>) =>
  updateWorkspaceRow(db, 'feedback', workspaceId, id, version, values);

async function deleteFeedback(db: Db, workspaceId: string, id: string) {
  await deleteWorkspaceRow(db, 'feedback', workspaceId, id);
}

/** Per kind: how many, the mean score, and how many testimonials may be published. */
async function aggregateClientFeedback(db: Db, workspaceId: string, clientId: string) {
  return db
    .selectFrom('feedback')
    .select((eb) => [
      'kind',
      eb.fn.countAll<number>().as('n'),
      eb.fn.avg<number>('score').as('average'),
      eb.fn.sum<number>('permission_to_publish').as('publishable'),
    ])
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .groupBy('kind')
    .execute();
}

/** The client's most recent NPS answer. */
const latestNps = (db: Db, workspaceId: string, clientId: string) =>
  db
    .selectFrom('feedback')
    .select(['score', 'received_at'])
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .where('kind', '=', 'nps')
    .orderBy(sql.ref('received_at'), 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

export const feedbackRepository = Object.freeze({
  selectClientFeedback,
  countClientFeedback,
  findFeedback,
  insertFeedback,
  updateFeedback,
  deleteFeedback,
  aggregateClientFeedback,
  latestNps,
});
