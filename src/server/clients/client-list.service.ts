import type { Kysely } from 'kysely';
import type { Client } from '../../domain/client';
import type { ParsedClientQueryFields } from '../../domain/filter';
import type { List } from '../../domain/list';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { Database } from '../db/schema';
import { orderSettingsOf } from '../orders/order-settings.service';
import { clientSettingsOf } from './client-settings.service';
import { countSelection } from './client.count';
import { selectClientPage } from './client.page';
import { parseClientSort, prepareSelection, type ClientSelection } from './client.query';
import { clientRowToClient } from './client.service';

type Db = Kysely<Database>;

export type ClientListQuery = ParsedClientQueryFields & { sort?: string; limit: number; cursor?: string; withTotal?: boolean };

/** The list's query fields as a selection (the bulk module builds the same from a body). */
export const selectionOfQuery = (query: ParsedClientQueryFields): ClientSelection => query;

/**
 * GET /clients: one keyset page and the exact total of the selection. The total of a search
 * over a common term can cost more than the page at a million clients (PostgreSQL counts
 * every trigram match); `withTotal: false` answers without it and the caller asks
 * GET /clients/count beside the page — the web app does, so rows never wait for the count.
 */
export async function listClients(db: Db, actor: Actor, query: ClientListQuery): Promise<Omit<List<Client>, 'total'> & { total: number | null }> {
  authorize(actor, 'client.read');
  const now = Date.now();
  const prepared = await prepareSelection(db, actor, selectionOfQuery(query), now);
  const sort = parseClientSort(prepared, query.sort);
  const [settings, orderSettings, page, total] = await Promise.all([
    clientSettingsOf(db, actor.workspaceId),
    orderSettingsOf(db, actor.workspaceId),
    selectClientPage(db, prepared, sort, query.limit, query.cursor),
    query.withTotal === false ? null : countSelection(db, prepared),
  ]);
  return { data: page.rows.map((row) => clientRowToClient(row, settings.newClientDays, now, orderSettings.currency)), nextCursor: page.nextCursor, total };
}

/** GET /clients/count: the exact number of clients a list query selects. */
export async function countClients(db: Db, actor: Actor, query: ParsedClientQueryFields): Promise<{ total: number }> {
  authorize(actor, 'client.read');
  const prepared = await prepareSelection(db, actor, selectionOfQuery(query));
  return { total: await countSelection(db, prepared) };
}
