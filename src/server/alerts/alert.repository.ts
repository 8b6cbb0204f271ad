import { sql, type Kysely, type Selectable } from 'kysely';
import { fromJson } from '../db/dialect';
import type { Database, AlertRuleTable, AlertTable } from '../db/schema';

type Db = Kysely<Database>;

export type AlertRuleRow = Selectable<AlertRuleTable>;
/** An alert with what the inbox shows of its client. */
export type AlertRow = Selectable<AlertTable> & { client_name: string; client_score: number | null; client_band: string | null };

export type AlertFilter = {
  statuses?: string[];
  assigneeId?: string | null;
  kind?: string;
  severity?: string;
  clientId?: string;
  /** Rules whose alerts are left out (rules not delivered in the app). */
  exceptRuleIds?: string[];
};

const withClient = (db: Db) =>
  db
    .selectFrom('alerts as a')
    .innerJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 'a.workspace_id').onRef('c.id', '=', 'a.client_id'))
    .selectAll('a')
    .select(['c.display_name as client_name', 'c.health_score as client_score', 'c.health_band as client_band'])
    .where('c.deleted_at', 'is', null);

function filtered(db: Db, workspaceId: string, f: AlertFilter) {
  let q = withClient(db).where('a.workspace_id', '=', workspaceId);
  if (f.statuses) q = q.where('a.status', 'in', f.statuses);
  if (f.assigneeId === null) q = q.where('a.assignee_id', 'is', null);
  else if (f.assigneeId !== undefined) q = q.where('a.assignee_id', '=', f.assigneeId);
  if (f.kind) q = q.where('a.kind', '=', f.kind);
  if (f.severity) q = q.where('a.severity', '=', f.severity);
  if (f.clientId) q = q.where('a.client_id', '=', f.clientId);
  if (f.exceptRuleIds?.length) q = q.where('a.rule_id', 'not in', f.exceptRuleIds);
  return q;
}

export const alertRepository = {
  rules: (db: Db, workspaceId: string) =>
    db.selectFrom('alert_rules').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute(),
  enabledRules: (db: Db, workspaceId: string, kinds: readonly string[]) =>
    db.selectFrom('alert_rules').selectAll().where('workspace_id', '=', workspaceId).where('kind', 'in', [...kinds]).where('enabled', '=', 1).execute(),
  rule: (db: Db, workspaceId: string, id: string) =>
    db.selectFrom('alert_rules').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst(),
  insertRule: (db: Db, row: Omit<AlertRuleRow, 'version'>) => db.insertInto('alert_rules').values(row).execute(),
  /** Rules with `deliver.inApp` off (a workspace has a few dozen rules at most: read and filtered here). */
  notInAppRuleIds: async (db: Db, workspaceId: string): Promise<string[]> =>
    (await db.selectFrom('alert_rules').select(['id', 'deliver']).where('workspace_id', '=', workspaceId).execute())
      .filter((r) => fromJson<{ inApp?: boolean }>(r.deliver)?.inApp === false)
      .map((r) => r.id),

  alert: (db: Db, workspaceId: string, id: string) => withClient(db).where('a.workspace_id', '=', workspaceId).where('a.id', '=', id).executeTakeFirst() as Promise<AlertRow | undefined>,

  /** A page ordered by opened_at DESC, id DESC (alerts_status_idx). */
  page: (db: Db, workspaceId: string, f: AlertFilter, after: { openedAt: string; id: string } | undefined, limit: number) => {
    let q = filtered(db, workspaceId, f);
    if (after) q = q.where((eb) => eb.or([eb('a.opened_at', '<', after.openedAt), eb.and([eb('a.opened_at', '=', after.openedAt), eb('a.id', '<', after.id)])]));
    return q.orderBy('a.opened_at', 'desc').orderBy('a.id', 'desc').limit(limit).execute() as Promise<AlertRow[]>;
  },
  count: async (db: Db, workspaceId: string, f: AlertFilter) => {
    const r = await filtered(db, workspaceId, f).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /**
   * Opens alerts (one per rule and client), or — when the rule already has one not resolved
   * for the client (the partial unique index) — bumps its fire_count; the open alert tells of
   * the latest firing (title, reason and detail move together). Returns each pair's alert id:
   * the row's own id when it is new.
   */
  fireMany: async (db: Db, rows: Omit<Selectable<AlertTable>, 'version' | 'fire_count'>[]): Promise<Map<string, string>> => {
    const out = await db
      .insertInto('alerts')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['workspace_id', 'rule_id', 'client_id'])
          // A literal, not a parameter: SQLite matches the partial index by its exact WHERE text.
          .where(sql<boolean>`status <> 'resolved'`)
          .doUpdateSet((eb) => ({ last_fired_at: eb.ref('excluded.last_fired_at'), fire_count: sql`alerts.fire_count + 1`, title: eb.ref('excluded.title'), reason: eb.ref('excluded.reason'), detail: eb.ref('excluded.detail') })),
      )
      .returning(['id', 'rule_id', 'client_id'])
      .execute();
    return new Map(out.map((r) => [`${r.rule_id}\u0000${r.client_id}`, r.id]));
  },

  /** Snoozed alerts whose time is up go back to open (version bumped: a stale client edit gets 412). */
  wakeSnoozed: async (db: Db, workspaceId: string, now: string) => {
    const r = await db
      .updateTable('alerts')
      .set({ status: 'open', snoozed_until: null, version: sql`version + 1` })
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'snoozed')
      .where('snoozed_until', '<=', now)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};
