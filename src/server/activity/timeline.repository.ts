import { sql, type Kysely, type Selectable } from 'kysely';
import type { TimelineKind } from '../../domain/timeline';
import type { Database, TimelineEntryTable } from '../db/schema';

type Db = Kysely<Database>;
export type TimelineEntryRow = Selectable<TimelineEntryTable>;

/**
 * A page of a client's timeline, newest first. The cursor condition is written as
 * `at <= v AND (at < v OR id < i)` so both databases seek the (client, at DESC, id DESC)
 * index to the cursor and only filter the rows that share its instant.
 */
async function selectPage(db: Db, workspaceId: string, clientId: string, options: { kinds?: TimelineKind[]; after?: { at: string; id: string }; limit: number }) {
  let q = db
    .selectFrom('timeline_entries')
    .select(['id', 'kind', 'at', 'record_id', 'title', 'summary', 'user_id'])
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .where('deleted_at', 'is', null);
  if (options.kinds?.length) q = options.kinds.length === 1 ? q.where('kind', '=', options.kinds[0]!) : q.where('kind', 'in', options.kinds);
  if (options.after) {
    const { at, id } = options.after;
    q = q.where('at', '<=', at).where(sql<boolean>`(at < ${at} or id < ${id})`);
  }
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

async function countEntries(db: Db, workspaceId: string, clientId: string, kinds?: TimelineKind[]) {
  let q = db
    .selectFrom('timeline_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .where('deleted_at', 'is', null);
  if (kinds?.length) q = q.where('kind', 'in', kinds);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export const timelineRepository = Object.freeze({ selectPage, countEntries });
