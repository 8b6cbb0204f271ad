import { sql } from 'kysely';
import type { Report, ReportKind, ReportOverview, ReportQuery } from '../../domain/report';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { Db } from '../db/database';
import { acquisition, clientStatus, cohorts, newClients, retention } from './report.clients';
import { lifetimeValue, revenue } from './report.money';
import { periodOf } from './report.period';
import { referrals, responseTimes, satisfaction } from './report.activity';
import { healthMovement } from './report.health';
import { num, type ReportBuilder } from './report.types';

const builders: Record<ReportKind, ReportBuilder> = {
  'new-clients': newClients,
  'client-status': clientStatus,
  retention,
  cohorts,
  'lifetime-value': lifetimeValue,
  revenue,
  acquisition,
  satisfaction,
  'response-times': responseTimes,
  referrals,
  'health-movement': healthMovement,
};

export async function runReport(db: Db, actor: Actor, kind: ReportKind, query: ReportQuery): Promise<Report> {
  authorize(actor, 'client.read');
  const period = periodOf(query);
  const body = await builders[kind](db, actor.workspaceId, period);
  return { report: kind, from: period.from, to: period.to, interval: period.interval, ...body };
}

/** The reports landing figures: counts from the trigger-kept tables, the last 20 timeline entries. */
export async function overview(db: Db, actor: Actor): Promise<ReportOverview> {
  authorize(actor, 'client.read');
  const ws = actor.workspaceId;
  const { rows: totals } = await sql<{ live: unknown }>`SELECT live FROM client_counts WHERE workspace_id = ${ws}`.execute(db);
  const statuses = await db
    .selectFrom('clients').select(['status', sql<number>`count(*)`.as('n')])
    .where('workspace_id', '=', ws).where('deleted_at', 'is', null).groupBy('status').execute();
  const bands = await db.selectFrom('health_band_counts').select(['band', 'count']).where('workspace_id', '=', ws).execute();
  const totalClients = num(totals[0]?.live);
  const byHealthBand: Record<string, number> = {};
  // The trigger table keeps unscored clients under ''.
  for (const b of bands) if (num(b.count)) byHealthBand[b.band || 'unscored'] = num(b.count);
  const recent = await db
    .selectFrom('timeline_entries as t')
    .leftJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 't.workspace_id').onRef('c.id', '=', 't.client_id'))
    .select(['t.id', 't.client_id as clientId', 'c.display_name as clientName', 't.kind', 't.title', 't.at', 't.user_id as userId'])
    .where('t.workspace_id', '=', ws).where('t.deleted_at', 'is', null)
    .orderBy('t.at', 'desc').orderBy('t.id', 'desc').limit(20).execute();
  return {
    totalClients,
    byStatus: Object.fromEntries(statuses.map((s) => [s.status, num(s.n)])),
    byHealthBand,
    recentActivity: recent.map((r) => ({ ...r, clientName: r.clientName ?? null })),
  };
}
