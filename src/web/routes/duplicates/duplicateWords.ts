import type { DuplicateReason } from '../../api/duplicates';

/** A score's colour: the same three steps everywhere the queue shows one. */
export const scoreColor = (score: number) => (score >= 90 ? 'red' : score >= 75 ? 'orange' : 'yellow');

/** "same phone · names 94 % similar" — the server's own words, joined. */
export const reasonsText = (reasons: DuplicateReason[]) => reasons.map((r) => r.text).join(' · ');

export const plural = (n: number, one: string, many = `${one}s`) => `${new Intl.NumberFormat().format(n)} ${n === 1 ? one : many}`;

/** Where the side-by-side view of some clients lives (the first is the suggested survivor). */
export const compareHref = (ids: string[]) => `/duplicates/compare?ids=${ids.map(encodeURIComponent).join(',')}`;

/** The record kinds a merge moves, in the users' words (the API names tables). */
const movedLabels: Record<string, [string, string]> = {
  contacts: ['contact', 'contacts'],
  timeline_entries: ['timeline entry', 'timeline entries'],
  interactions: ['interaction', 'interactions'],
  tasks: ['task', 'tasks'],
  orders: ['order', 'orders'],
  contracts: ['contract', 'contracts'],
  invoices: ['invoice', 'invoices'],
  payments: ['payment', 'payments'],
  documents: ['document', 'documents'],
  feedback: ['feedback entry', 'feedback entries'],
  'referrals.referrer_client_id': ['referral made', 'referrals made'],
  'referrals.referred_client_id': ['referral received', 'referrals received'],
  loyalty_ledger: ['loyalty entry', 'loyalty entries'],
  usage_events: ['usage event', 'usage events'],
  usage_daily: ['day of usage', 'days of usage'],
  alerts: ['alert', 'alerts'],
  tags: ['tag added', 'tags added'],
  group_members: ['group membership', 'group memberships'],
};

/** "3 tasks, 1 order" for what a merge moved; kinds it did not name fall back to their table name. */
export function movedText(moved: Record<string, number>): string {
  const parts = Object.entries(moved)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => {
      const [one, many] = movedLabels[table] ?? [table.replace(/_/g, ' '), table.replace(/_/g, ' ')];
      return plural(n, one, many);
    });
  return parts.length ? parts.join(', ') : 'no related records';
}

export const movedLabel = (table: string) => movedLabels[table]?.[1] ?? table.replace(/_/g, ' ');

/** The last scan started from this tab (sessionStorage), so the queue shows its progress after a move. */
export const scanStore = 'rapport.duplicates.scanJob';
