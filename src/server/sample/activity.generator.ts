import { defaultActivitySettings, type ResponsePriority } from '../../domain/activitySettings';
import { prng } from './sample.generator';

/**
 * Realistic history for existing clients, deterministic for a seed: interactions (with the
 * response tracking the service derives: due time by priority, answered by the first
 * outbound reply), orders (statuses, minor-unit values, scheduled/completed times, on-time
 * flags, ratings) and one timeline entry per record, byte for byte the row the services
 * write, plus the "Guest → Existing" / "→ active" status entries the first order causes.
 * Pure: no I/O. The client figures are derived afterwards in SQL (activity.writer.ts).
 */

/** The part of a client row the history depends on. */
export type ActivityClient = { id: string; ownerId: string | null; createdAt: string; status: string; isGuest: boolean };
export type Row = Record<string, string | number | null | undefined>;
export type ClientActivity = { interactions: Row[]; orders: Row[]; timeline: Row[] };

export const INTERACTION_COLUMNS = [
  'workspace_id', 'id', 'client_id', 'kind', 'direction', 'occurred_at', 'duration_minutes', 'contact_id', 'user_id', 'subject', 'body', 'outcome', 'sentiment',
  'priority', 'follow_up_at', 'follow_up_task_id', 'response_due_at', 'responded_at', 'response_interaction_id', 'created_by', 'created_at', 'updated_at', 'version',
] as const;
export const ORDER_COLUMNS = [
  'workspace_id', 'id', 'client_id', 'title', 'status', 'service_type', 'scheduled_at', 'scheduled_end_at', 'completed_at', 'cancelled_at', 'location', 'assignee_id',
  'currency', 'estimated_value', 'value', 'estimated_minutes', 'actual_minutes', 'on_time', 'on_time_set', 'rating', 'notes', 'created_by', 'version', 'created_at', 'updated_at',
] as const;
export const TIMELINE_COLUMNS = ['workspace_id', 'id', 'client_id', 'at', 'kind', 'record_id', 'title', 'summary', 'user_id', 'deleted_at'] as const;

const MINUTE = 60_000;
const DAY = 86_400_000;
const HEX = '0123456789abcdef';

/**
 * UUIDv7 ids minted in load order (the counter fills the 12-bit sequence, then the clock):
 * every id is larger than the one before, so the primary keys are appended to, like an
 * import, instead of a random insert per row.
 */
export function idMinter(startMs: number, r: () => number) {
  let n = 0;
  return () => {
    const ms = startMs + Math.floor(n / 4096);
    const seq = n++ % 4096;
    const t = ms.toString(16).padStart(12, '0');
    // 64 random bits, two draws of 32; the variant's two top bits are 10.
    const hi = Math.floor(r() * 0x1_0000_0000);
    const rand = hi.toString(16).padStart(8, '0') + Math.floor(r() * 0x1_0000_0000).toString(16).padStart(8, '0');
    return `${t.slice(0, 8)}-${t.slice(8)}-7${seq.toString(16).padStart(3, '0')}-${HEX[8 + (hi >>> 30)]}${rand.slice(1, 4)}-${rand.slice(4)}`;
  };
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
function weighted<T>(r: () => number, items: readonly (readonly [T, number])[]): T {
  let x = r();
  for (const [item, w] of items) if ((x -= w) < 0) return item;
  return items[items.length - 1]![0];
}
/** Exponential with mean 1: most clients have a few records, some many. */
const spread = (r: () => number) => -Math.log(1 - r());
const iso = (ms: number) => new Date(ms).toISOString();

const kindLabels: Record<string, string> = {
  email: 'Email', call: 'Call', meeting: 'Meeting', sms: 'SMS', chat: 'Chat', note: 'Note', ticket: 'Support ticket', in_person: 'In person', automated: 'Automated message',
};
const kinds = [['email', 0.3], ['call', 0.2], ['note', 0.12], ['meeting', 0.08], ['sms', 0.08], ['chat', 0.06], ['ticket', 0.06], ['automated', 0.06], ['in_person', 0.04]] as const;
const subjects: Record<string, string[]> = {
  email: ['Quote for the spring service', 'Invoice question', 'Re: appointment next week', 'Renewal terms', 'Thank you!', 'Change of address', 'Warranty question'],
  call: ['Follow-up on the visit', 'Scheduling the next service', 'Complaint about the delay', 'Price check', 'Renewal call'],
  meeting: ['Quarterly review', 'Site survey', 'Kick-off', 'Contract renewal meeting'],
  sms: ['Running 10 minutes late', 'Appointment reminder', 'Gate code?'],
  chat: ['Question about the bill', 'Booking help', 'Opening hours'],
  note: ['Prefers morning visits', 'Dog in the garden', 'Asked for a paper invoice', 'Key under the mat'],
  ticket: ['Heating not working', 'Leak under the sink', 'Portal login problem', 'Wrong amount on the invoice'],
  in_person: ['Visit at the office', 'Met at the trade show'],
  automated: ['Appointment reminder', 'Invoice sent', 'Satisfaction survey'],
};
const bodies = [
  'Talked about the next visit and the invoice. Client is happy with the last job and wants the same team again.',
  'Asked for a cheaper option; sent the two packages for comparison.',
  'Wants the work done before the holidays. Confirmed the date by e-mail afterwards.',
  null,
];
const outcomes = ['Booked', 'Left a voicemail', 'Sent a quote', 'Resolved', 'Needs a callback', null, null];
const sentiments = [['positive', 0.35], ['neutral', 0.35], ['negative', 0.1], [null, 0.2]] as const;
const priorities = [['regular', 0.75], ['important', 0.2], ['urgent', 0.05]] as const;
const services = [
  ['Boiler service', 'Maintenance', 90], ['Annual inspection', 'Inspection', 60], ['Emergency repair', 'Repair', 120], ['Deep clean', 'Cleaning', 240],
  ['Garden maintenance', 'Landscaping', 180], ['Consultation', 'Consulting', 60], ['Installation', 'Installation', 480], ['Quarterly maintenance', 'Maintenance', 120],
] as const;
const locations = ['On site', 'Client office', 'Workshop', null, null];
const ratings = [[5, 0.45], [4, 0.3], [3, 0.13], [2, 0.07], [1, 0.05]] as const;

export type ActivityOptions = {
  workspaceId: string;
  /** The workspace currency (most orders) and another one (a few). */
  currency: string;
  otherCurrency: string;
  /** The order word of the workspace ("order", "job"…), for the timeline titles. */
  orderWord: string;
  /** Who logged what a client has no owner for. */
  fallbackUserId: string | null;
  now: number;
  newId: () => string;
};

/** Interactions of one client, oldest first, with the responses the service would derive. */
function interactionsOf(r: () => number, c: ActivityClient, count: number, o: ActivityOptions, start: number): Row[] {
  const user = c.ownerId ?? o.fallbackUserId;
  const times = Array.from({ length: count }, () => start + Math.floor(r() * (o.now - start))).sort((a, b) => a - b);
  const rows: Row[] = times.map((ms) => {
    const kind = weighted(r, kinds);
    const direction = kind === 'note' || kind === 'automated' ? 'outbound' : r() < 0.4 ? 'inbound' : 'outbound';
    const priority = direction === 'inbound' ? (weighted(r, priorities) as ResponsePriority) : null;
    const at = iso(ms);
    return {
      workspace_id: o.workspaceId, id: o.newId(), client_id: c.id, kind, direction, occurred_at: at,
      duration_minutes: kind === 'call' ? 2 + Math.floor(r() * 40) : kind === 'meeting' || kind === 'in_person' ? 15 + 15 * Math.floor(r() * 6) : null,
      contact_id: null, user_id: user, subject: r() < 0.9 ? pick(r, subjects[kind]!) : null, body: kind === 'note' ? pick(r, bodies) ?? 'See the file.' : pick(r, bodies),
      outcome: kind === 'call' || kind === 'meeting' ? pick(r, outcomes) : null, sentiment: weighted(r, sentiments), priority, follow_up_at: null, follow_up_task_id: null,
      response_due_at: priority ? iso(ms + defaultActivitySettings.responseTargets[priority] * MINUTE) : null, responded_at: null, response_interaction_id: null,
      created_by: user, created_at: at, updated_at: at, version: 1,
    };
  });
  // The first outbound reply (not a note or an automated message) at or after an inbound one answers it.
  let waiting: Row[] = [];
  for (const row of rows) {
    if (row.direction === 'inbound') waiting.push(row);
    else if (row.kind !== 'note' && row.kind !== 'automated') {
      for (const w of waiting) Object.assign(w, { responded_at: row.occurred_at, response_interaction_id: row.id });
      waiting = [];
    }
  }
  return rows;
}

/** interaction.service's timeline card. */
function interactionEntry(row: Row, o: ActivityOptions): Row {
  const label = kindLabels[row.kind as string]!;
  const head = row.kind === 'note' ? label : `${label} (${row.direction})`;
  const summary = {
    kind: row.kind, direction: row.direction, subject: row.subject, excerpt: row.body ? (row.body as string).slice(0, 200) : null, durationMinutes: row.duration_minutes,
    outcome: row.outcome, sentiment: row.sentiment, contactId: row.contact_id, priority: row.priority, followUpAt: row.follow_up_at, responseDueAt: row.response_due_at,
    respondedAt: row.responded_at,
  };
  const title = (row.subject ? `${head}: ${row.subject}` : head).slice(0, 300);
  return { workspace_id: o.workspaceId, id: o.newId(), client_id: row.client_id, at: row.occurred_at, kind: 'interaction', record_id: row.id, title, summary: JSON.stringify(summary), user_id: row.user_id, deleted_at: null };
}

/** Orders of one client: old ones done (or cancelled), recent ones anywhere along the way. */
function ordersOf(r: () => number, c: ActivityClient, count: number, o: ActivityOptions, start: number): Row[] {
  const user = c.ownerId ?? o.fallbackUserId;
  const rows: Row[] = [];
  for (let k = 0; k < count; k++) {
    const createdMs = start + Math.floor(r() * (o.now - start));
    const [title, serviceType, minutes] = pick(r, services);
    const estimatedMinutes = Math.round((minutes * (0.75 + r() * 0.5)) / 15) * 15;
    const scheduledMs = r() < 0.95 ? createdMs + Math.floor((0.5 + r() * 20) * DAY) : null;
    const recent = o.now - createdMs < 45 * DAY;
    let status = weighted(r, recent ? [['scheduled', 0.35], ['requested', 0.15], ['in_progress', 0.15], ['completed', 0.3], ['cancelled', 0.05]] : [['completed', 0.9], ['cancelled', 0.1]]);
    const actualMinutes = Math.round(estimatedMinutes * (0.6 + r() * 0.6));
    const completedMs = scheduledMs === null ? createdMs + Math.floor(r() * 10 * DAY) : scheduledMs + actualMinutes * MINUTE;
    if (status === 'completed' && completedMs > o.now) status = scheduledMs !== null && scheduledMs > o.now ? 'scheduled' : 'in_progress';
    if (status === 'scheduled' && scheduledMs === null) status = 'requested';
    const completed = status === 'completed';
    const currency = r() < 0.03 ? o.otherCurrency : o.currency;
    const estimate = 100 * Math.round((minutes / 60) * (40 + r() * 160)) * (1 + Math.floor(r() * 3));
    const value = completed ? (r() < 0.95 ? Math.round(estimate * (0.8 + r() * 0.4)) : null) : r() < 0.3 ? estimate : null;
    const scheduledEndMs = scheduledMs === null ? null : scheduledMs + estimatedMinutes * MINUTE;
    const cancelledMs = status === 'cancelled' ? Math.min(o.now, createdMs + Math.floor(r() * 5 * DAY)) : null;
    rows.push({
      workspace_id: o.workspaceId, id: o.newId(), client_id: c.id, title, status, service_type: serviceType,
      scheduled_at: scheduledMs === null ? null : iso(scheduledMs), scheduled_end_at: null, completed_at: completed ? iso(completedMs) : null,
      cancelled_at: cancelledMs === null ? null : iso(cancelledMs), location: pick(r, locations), assignee_id: r() < 0.8 ? user : null, currency,
      estimated_value: r() < 0.85 ? estimate : null, value, estimated_minutes: estimatedMinutes, actual_minutes: completed ? actualMinutes : null,
      // Derived as the service does: completed by the scheduled end (start + estimate).
      on_time: completed && scheduledEndMs !== null ? (completedMs <= scheduledEndMs ? 1 : 0) : null, on_time_set: 0,
      rating: completed && r() < 0.6 ? weighted(r, ratings) : null, notes: r() < 0.1 ? 'Bring the spare parts; client pays on site.' : null, created_by: user,
      // Booked, then moved on once (completed or cancelled through an update).
      version: completed || status === 'cancelled' ? 2 : 1,
      created_at: iso(createdMs), updated_at: iso(completed ? completedMs : cancelledMs ?? createdMs),
    });
  }
  return rows.sort((a, b) => (a.created_at! < b.created_at! ? -1 : 1));
}

/** order.service's timeline card: when it was completed, else when it was booked. */
function orderEntry(row: Row, o: ActivityOptions): Row {
  const word = o.orderWord.charAt(0).toUpperCase() + o.orderWord.slice(1);
  const summary = {
    status: row.status, value: row.value === null ? null : { amount: row.value, currency: row.currency }, scheduledAt: row.scheduled_at, completedAt: row.completed_at,
    onTime: row.on_time === null ? null : row.on_time === 1, rating: row.rating,
  };
  return {
    workspace_id: o.workspaceId, id: o.newId(), client_id: row.client_id, at: row.completed_at ?? row.created_at, kind: 'order', record_id: row.id,
    title: `${word} ${(row.status as string).replace('_', ' ')}: ${row.title}`.slice(0, 300), summary: JSON.stringify(summary), user_id: row.created_by, deleted_at: null,
  };
}

const statusEntry = (c: ActivityClient, at: string, title: string, summary: unknown, userId: string | null, o: ActivityOptions): Row => ({
  workspace_id: o.workspaceId, id: o.newId(), client_id: c.id, at, kind: 'status', record_id: c.id, title, summary: JSON.stringify(summary), user_id: userId, deleted_at: null,
});

/**
 * One client's history: `interactions` interactions and `orders` orders between its creation
 * and now, their timeline entries, and the status entries its first orders cause (a guest's
 * first order; a prospect's or trial's first completed order).
 */
export function clientActivity(seed: number, c: ActivityClient, counts: { interactions: number; orders: number }, o: ActivityOptions): ClientActivity {
  const r = prng(seed);
  const start = Math.min(Date.parse(c.createdAt), o.now - DAY);
  const interactions = interactionsOf(r, c, counts.interactions, o, start);
  const orders = ordersOf(r, c, counts.orders, o, start);
  const timeline = [...interactions.map((i) => interactionEntry(i, o)), ...orders.map((x) => orderEntry(x, o))];
  // The first order booked ends a guest (one-way: cancelling it later does not make them a guest again).
  const booked = orders[0];
  if (c.isGuest && booked) timeline.push(statusEntry(c, booked.created_at as string, 'Guest → Existing: first order booked', { isGuest: false }, booked.created_by as string | null, o));
  const done = orders.filter((x) => x.status === 'completed').sort((a, b) => (a.completed_at! < b.completed_at! ? -1 : 1))[0];
  if (done && (c.status === 'prospect' || c.status === 'trial')) {
    timeline.push(statusEntry(c, done.completed_at as string, `Status: ${c.status} → active (first completed order)`, { before: c.status, after: 'active' }, done.created_by as string | null, o));
  }
  return { interactions, orders, timeline };
}

/**
 * How many interactions and orders a client gets: about `per` of each on average, spread
 * unevenly (exponential); prospects and trials book fewer orders, a third of the rest none.
 */
export function activityCounts(seed: number, c: ActivityClient, per: { interactions: number; orders: number }): { interactions: number; orders: number } {
  const r = prng(seed ^ 0x5bd1e995);
  const interactions = Math.round(per.interactions * spread(r));
  const buys = c.status === 'prospect' ? 0.2 : c.status === 'trial' ? 0.5 : 0.75;
  // Scaled so the mean over a typical status mix stays `per.orders`.
  const orders = r() < buys ? Math.round((per.orders / 0.62) * spread(r)) : 0;
  return { interactions, orders };
}
