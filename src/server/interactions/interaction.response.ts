import type { Kysely } from 'kysely';
import type { ActivitySettings, ResponsePriority } from '../../domain/activitySettings';
import { nonResponseKinds, type InteractionKind, type ResponseStatus } from '../../domain/interaction';
import type { Database } from '../db/schema';
import { interactionRepository, type InteractionRow } from './interaction.repository';

type Db = Kysely<Database>;

/**
 * Response tracking. An inbound interaction is due for a response by occurredAt + the
 * workspace's target for its priority; the first outbound interaction (not a note or an
 * automated message) at or after it records the response, unless one was given by hand.
 */
export const countsAsResponse = (row: Pick<InteractionRow, 'direction' | 'kind'>) =>
  row.direction === 'outbound' && !nonResponseKinds.includes(row.kind as InteractionKind);

export function responseDueAt(occurredAt: string, priority: ResponsePriority, settings: ActivitySettings): string {
  return new Date(Date.parse(occurredAt) + settings.responseTargets[priority] * 60_000).toISOString();
}

/** met / breached (answered late, or overdue without an answer) / pending; null for outbound. */
export function responseStatusOf(row: Pick<InteractionRow, 'direction' | 'response_due_at' | 'responded_at'>, now: string): ResponseStatus | null {
  if (row.direction !== 'inbound' || !row.response_due_at) return null;
  if (row.responded_at) return row.responded_at <= row.response_due_at ? 'met' : 'breached';
  return now > row.response_due_at ? 'breached' : 'pending';
}

/**
 * Brings the responses of a client's inbound interactions in line after `before` became
 * `after` (either may be null: created, deleted). Returns the ids of inbound interactions
 * whose response changed (their timeline entries need refreshing).
 */
export async function reconcileResponses(trx: Db, workspaceId: string, clientId: string, before: InteractionRow | null, after: InteractionRow | null): Promise<string[]> {
  const changed = new Set<string>();
  // 1. Those `before` answered: find their first response again (it may be gone or moved).
  if (before && countsAsResponse(before)) {
    const moved = !after || !countsAsResponse(after) || after.occurred_at !== before.occurred_at;
    if (moved) {
      for (const inbound of await interactionRepository.findAnsweredBy(trx, workspaceId, clientId, before.id, before.occurred_at)) {
        const first = await interactionRepository.findFirstResponse(trx, workspaceId, clientId, inbound.occurred_at);
        await interactionRepository.setDerived(trx, workspaceId, [inbound.id], { responded_at: first?.occurred_at ?? null, response_interaction_id: first?.id ?? null });
        changed.add(inbound.id);
      }
    }
  }
  // 2. An inbound one without a response given by hand: its first response.
  if (after && after.direction === 'inbound' && !(after.responded_at && !after.response_interaction_id)) {
    const first = await interactionRepository.findFirstResponse(trx, workspaceId, clientId, after.occurred_at);
    if ((first?.id ?? null) !== after.response_interaction_id) {
      await interactionRepository.setDerived(trx, workspaceId, [after.id], { responded_at: first?.occurred_at ?? null, response_interaction_id: first?.id ?? null });
      changed.add(after.id);
    }
  }
  // 3. A response: it answers what was waiting before it (and what a later response answered).
  if (after && countsAsResponse(after)) {
    const ids = await interactionRepository.findAnswerable(trx, workspaceId, clientId, after.occurred_at);
    await interactionRepository.setDerived(trx, workspaceId, ids, { responded_at: after.occurred_at, response_interaction_id: after.id });
    ids.forEach((id) => changed.add(id));
  }
  return [...changed];
}
