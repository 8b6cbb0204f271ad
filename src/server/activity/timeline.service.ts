import type { Kysely } from 'kysely';
import type { List } from '../../domain/list';
import { timelineKinds, type TimelineEntry, type TimelineKind, type TimelineQuery } from '../../domain/timeline';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { assertClientExists } from '../clients/client.service';
import { fromJson, isInvalidValue } from '../db/dialect';
import type { Database } from '../db/schema';
import { decodeCursor, encodeCursor } from '../http/pagination';
import { badRequest } from '../http/problem';
import { timelineRepository, type TimelineEntryRow } from './timeline.repository';

type Db = Kysely<Database>;

export const timelineRowToEntry = (row: Pick<TimelineEntryRow, 'id' | 'kind' | 'at' | 'record_id' | 'title' | 'summary' | 'user_id'>): TimelineEntry => ({
  id: row.id,
  kind: row.kind as TimelineKind,
  at: row.at,
  recordId: row.record_id,
  title: row.title,
  summary: (fromJson<Record<string, unknown>>(row.summary) ?? {}) as Record<string, unknown>,
  userId: row.user_id,
});

function parseKinds(kind: string | undefined): TimelineKind[] | undefined {
  if (!kind) return undefined;
  const kinds = [...new Set(kind.split(',').map((k) => k.trim()).filter(Boolean))];
  const unknown = kinds.filter((k) => !(timelineKinds as readonly string[]).includes(k));
  if (unknown.length) {
    throw badRequest(`kind must be one of ${timelineKinds.join(', ')}`, [{ path: 'kind', message: `unknown kind: ${unknown.join(', ')}` }]);
  }
  return kinds as TimelineKind[];
}

/** A client's timeline: every kind of record, newest first, keyset-paged (also for a client in Trash). */
export async function listTimeline(db: Db, actor: Actor, clientId: string, query: TimelineQuery): Promise<List<TimelineEntry>> {
  authorize(actor, 'client.read');
  const kinds = parseKinds(query.kind);
  await assertClientExists(db, actor.workspaceId, clientId);
  // The cursor carries the position and the total counted for the first page: scrolling a
  // history of 50,000 entries does not count them again for every page.
  let after: { at: string; id: string } | undefined;
  let knownTotal: number | undefined;
  if (query.cursor) {
    const [at, id, total] = decodeCursor(query.cursor, 3);
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at)) || typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
      throw badRequest('cursor is not a cursor this list returned', [{ path: 'cursor', message: 'is invalid or expired' }]);
    }
    after = { at, id };
    knownTotal = total;
  }
  let rows: Awaited<ReturnType<typeof timelineRepository.selectPage>>;
  let total: number;
  try {
    [rows, total] = await Promise.all([
      timelineRepository.selectPage(db, actor.workspaceId, clientId, { kinds, after, limit: query.limit + 1 }),
      knownTotal ?? timelineRepository.countEntries(db, actor.workspaceId, clientId, kinds),
    ]);
  } catch (error) {
    if (after && isInvalidValue(error)) throw badRequest('cursor is not a cursor this list returned', [{ path: 'cursor', message: 'is invalid or expired' }]);
    throw error;
  }
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return { data: page.map(timelineRowToEntry), nextCursor: hasMore && last ? encodeCursor([last.at, last.id, total]) : null, total };
}
