import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Db } from './database';
import type { Database } from './schema';

/** Tables keyed by (workspace_id, id) whose rows carry an optimistic-concurrency `version`. */
type VersionedTable = {
  [T in keyof Database]: Database[T] extends { workspace_id: string; id: string; version: unknown } ? T : never;
}[keyof Database];

/*
 * The three statements every workspace-owned, versioned record needs, written once: each
 * module's repository names its table and keeps its own queries for everything else.
 * Kysely cannot type a query over "any table with these columns", hence the casts inside.
 */

/** The row with this id in this workspace, or undefined (another workspace's row is never found). */
export function findWorkspaceRow<T extends VersionedTable>(db: Db, table: T, workspaceId: string, id: string) {
  return (db as unknown as Kysely<any>)
    .selectFrom(table as string)
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst() as Promise<Selectable<Database[T]> | undefined>;
}

/**
 * Writes `values` and bumps the version only if the row is still at `version`; false when
 * someone else changed it first (the caller answers 412 and nothing is written).
 */
export async function updateWorkspaceRow<T extends VersionedTable>(
  db: Db,
  table: T,
  workspaceId: string,
  id: string,
  version: number,
  values: Updateable<Database[T]>,
): Promise<boolean> {
  const result = await (db as unknown as Kysely<any>)
    .updateTable(table as string)
    .set({ ...(values as object), version: version + 1 })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Removes the row with this id in this workspace; true when there was one. */
export async function deleteWorkspaceRow<T extends VersionedTable>(db: Db, table: T, workspaceId: string, id: string): Promise<boolean> {
  const result = await (db as unknown as Kysely<any>).deleteFrom(table as string).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
