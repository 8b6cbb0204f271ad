/**
 * The client columns the services derive from orders and the timeline, recomputed for a whole
 * workspace in a few set-based statements after a bulk load of history (activity.writer.ts):
 * the same results as refreshClientFigures + applyOrderTransitions + touchClientActivity
 * would have left after each record was written through the API.
 *
 * - orders_count, total_value (workspace currency), last_order_at and the `figures` document
 *   (orders part: counts, per-currency value, valued count and rounded average; billing parts
 *   empty), for every client with an order; zeros / NULL for the others;
 * - is_guest false once a client has an order; prospect/trial → active at the first completed
 *   order (status_changed_at then, version + 1 per transition);
 * - last_activity_at = the latest live timeline entry (NULL without any).
 */
type Dialect = 'sqlite' | 'postgres';

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function clientFiguresSql(dialect: Dialect, workspaceId: string, currency: string, now: string): string[] {
  const ws = q(workspaceId);
  const cur = q(currency);
  const pg = dialect === 'postgres';
  const int = (e: string) => (pg ? `(${e})::bigint` : e);
  const empty = pg ? `'{}'::jsonb` : `json('{}')`;
  const obj = pg ? 'jsonb_build_object' : 'json_object';
  const agg = (k: string, v: string, when: string) => (pg ? `coalesce(jsonb_object_agg(${k}, ${v}) FILTER (WHERE ${when}), '{}'::jsonb)` : `json(json_group_object(${k}, ${v}) FILTER (WHERE ${when}))`);
  const later = (a: string, b: string) => (pg ? `greatest(${a}, ${b})` : `max(${a}, coalesce(${b}, ${a}))`);
  // SQLite: json() again, or a document that went through a subquery is embedded as a string.
  const nested = (e: string) => (pg ? `coalesce(${e}, '{}'::jsonb)` : `json(coalesce(${e}, '{}'))`);
  const nowAt = pg ? `${q(now)}::timestamptz` : q(now);
  const source = `
    WITH last_entry AS (
      SELECT client_id, max(at) AS at FROM timeline_entries WHERE workspace_id = ${ws} AND deleted_at IS NULL GROUP BY client_id
    ), per_currency AS (
      SELECT client_id, currency, ${int('sum(value)')} AS v, count(value) AS n FROM orders
      WHERE workspace_id = ${ws} AND status <> 'cancelled' GROUP BY client_id, currency
    ), by_currency AS (
      SELECT client_id,
        ${agg('currency', 'v', 'v <> 0')} AS order_value,
        ${agg('currency', 'n', 'n > 0')} AS valued,
        ${agg('currency', int('(2 * v + n) / (2 * n)'), 'n > 0')} AS average,
        coalesce(sum(CASE WHEN currency = ${cur} THEN v END), 0) AS total
      FROM per_currency GROUP BY client_id
    ), per_client AS (
      SELECT client_id,
        sum(CASE WHEN status <> 'cancelled' THEN 1 ELSE 0 END) AS orders_count,
        sum(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS completed,
        sum(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
        coalesce(sum(CASE WHEN status = 'completed' THEN on_time END), 0) AS on_time,
        max(CASE WHEN status <> 'cancelled' THEN coalesce(completed_at, scheduled_at, created_at) END) AS last_at,
        min(created_at) AS first_booked,
        min(CASE WHEN status = 'completed' THEN completed_at END) AS first_done
      FROM orders WHERE workspace_id = ${ws} GROUP BY client_id
    )
    SELECT t.client_id AS cid, t.at AS activity_at, p.client_id AS booked, p.orders_count, p.last_at, p.first_booked, p.first_done, coalesce(b.total, 0) AS total,
      CASE WHEN p.client_id IS NOT NULL THEN ${obj}('currency', ${cur}, 'ordersCount', p.orders_count, 'completedOrders', p.completed, 'cancelledOrders', p.cancelled,
        'onTimeOrders', p.on_time, 'orderValue', ${nested('b.order_value')}, 'valuedOrders', ${nested('b.valued')}, 'averageOrderValue', ${nested('b.average')},
        'invoiced', ${empty}, 'outstanding', ${empty}, 'overdue', ${empty}, 'revenue', ${empty}, 'credit', ${empty}, 'lifetimeValue', ${empty}, 'contractValue', ${empty},
        'onTimePaymentRate', NULL, 'paidInvoices', 0, 'computedAt', ${q(now)}) END AS figures
    FROM last_entry t LEFT JOIN per_client p ON p.client_id = t.client_id LEFT JOIN by_currency b ON b.client_id = t.client_id`;
  // One UPDATE per client with history (every record has an entry), so each row is rewritten once.
  const activates = `(c.status IN ('prospect', 'trial') AND f.first_done IS NOT NULL)`;
  const guestEnds = `(c.is_guest = 1 AND f.booked IS NOT NULL)`;
  const c = pg ? 'clients c' : 'clients AS c';
  const withHistory = `
    UPDATE ${c} SET last_activity_at = ${pg ? `least(f.activity_at, ${nowAt})` : `min(f.activity_at, ${nowAt})`},
      orders_count = coalesce(f.orders_count, 0), total_value = f.total, outstanding_balance = 0, overdue_amount = 0, revenue = 0,
      last_order_at = f.last_at, next_renewal_at = NULL, figures = f.figures,
      is_guest = CASE WHEN f.booked IS NOT NULL THEN 0 ELSE c.is_guest END,
      status = CASE WHEN ${activates} THEN 'active' ELSE c.status END,
      status_reason = CASE WHEN ${activates} THEN NULL ELSE c.status_reason END,
      status_changed_at = CASE WHEN ${activates} THEN f.first_done ELSE c.status_changed_at END,
      version = c.version + (CASE WHEN ${guestEnds} THEN 1 ELSE 0 END) + (CASE WHEN ${activates} THEN 1 ELSE 0 END),
      updated_at = CASE WHEN ${activates} THEN ${later(later('c.updated_at', 'f.first_booked'), 'f.first_done')}
        WHEN ${guestEnds} THEN ${later('c.updated_at', 'f.first_booked')} ELSE c.updated_at END
    FROM (${source}) f
    WHERE c.workspace_id = ${ws} AND c.id = f.cid`;
  // Clients without any: no figures, no last order, no last activity.
  const withoutHistory = `
    UPDATE clients SET orders_count = 0, total_value = 0, outstanding_balance = 0, overdue_amount = 0, revenue = 0, last_order_at = NULL, next_renewal_at = NULL,
      figures = NULL, last_activity_at = NULL
    WHERE workspace_id = ${ws} AND (orders_count <> 0 OR last_order_at IS NOT NULL OR figures IS NOT NULL OR last_activity_at IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM timeline_entries t WHERE t.workspace_id = clients.workspace_id AND t.client_id = clients.id AND t.deleted_at IS NULL)
      AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.workspace_id = clients.workspace_id AND o.client_id = clients.id)`;
  return [withHistory, withoutHistory];
}
