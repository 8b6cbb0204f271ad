import type { Kysely } from 'kysely';
import type { AlertParams } from '../../domain/alert';
import type { Database } from '../db/schema';
import { enabledRules } from './alert-rules.service';
import { fireAlert } from './alert.fire';

type Db = Kysely<Database>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The rule's keywords found in a text, as whole words, case-insensitive. */
export function redFlagsIn(text: string, keywords: readonly string[]): string[] {
  return keywords.filter((k) => new RegExp(`(^|[^\\p{L}\\p{N}])${escape(k.trim())}($|[^\\p{L}\\p{N}])`, 'iu').test(text));
}

/**
 * Called by the interactions service when an inbound interaction is logged: red-flag words in
 * its subject or body open (or bump) the rule's alert for the client.
 */
export async function alertsOnInteraction(
  trx: Db,
  workspaceId: string,
  i: { id: string; client_id: string; direction: string; kind: string; subject: string | null; body: string | null },
): Promise<void> {
  if (i.direction !== 'inbound') return;
  const text = `${i.subject ?? ''}\n${i.body ?? ''}`;
  if (!text.trim()) return;
  for (const rule of await enabledRules(trx, workspaceId, ['red_flag_keywords'])) {
    const found = redFlagsIn(text, (rule.params as AlertParams<'red_flag_keywords'>).keywords ?? []);
    if (!found.length) continue;
    await fireAlert(trx, workspaceId, rule, i.client_id, {
      title: `Red flag: “${found.join('”, “')}” in a ${i.kind}`,
      reason: `An inbound ${i.kind}${i.subject ? ` (“${i.subject}”)` : ''} mentions ${found.map((f) => `“${f}”`).join(', ')}`,
      detail: { interactionId: i.id, keywords: found },
    });
  }
}

/** Called by the feedback service for an NPS or CSAT answer: a score at or below the rule's threshold fires. */
export async function alertsOnFeedback(trx: Db, workspaceId: string, f: { id: string; client_id: string; kind: string; score: number | null }): Promise<void> {
  if (f.score === null || (f.kind !== 'nps' && f.kind !== 'csat')) return;
  for (const rule of await enabledRules(trx, workspaceId, ['satisfaction_drop'])) {
    const p = rule.params as AlertParams<'satisfaction_drop'>;
    const limit = f.kind === 'nps' ? p.npsAtMost : p.csatAtMost;
    if (limit === undefined || f.score > limit) continue;
    const label = f.kind === 'nps' ? 'NPS' : 'CSAT';
    await fireAlert(trx, workspaceId, rule, f.client_id, {
      title: `${label} ${f.score} (at most ${limit})`,
      reason: `The client answered ${label} ${f.score}; the rule fires at ${limit} or less`,
      detail: { feedbackId: f.id, kind: f.kind, score: f.score, threshold: limit },
    });
  }
}
