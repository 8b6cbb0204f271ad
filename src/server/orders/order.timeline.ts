import { sql, type Kysely } from 'kysely';
import type { OrderStatus } from '../../domain/order';
import type { OrderSettings } from '../../domain/orderSettings';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

type Timelined = { title: string; status: OrderStatus; value: unknown; scheduledAt: string | null; completedAt: string | null; onTime: boolean | null; rating: number | null };

/** An order's timeline entry, in the workspace's word ("Booking scheduled: …"): when it was completed, else when it was booked. */
export const orderTimelineOf = (o: Timelined, createdAt: string, settings: Pick<OrderSettings, 'word'>) => ({
  at: o.completedAt ?? createdAt,
  title: `${capitalised(settings.word)} ${o.status.replace('_', ' ')}: ${o.title}`,
  summary: { status: o.status, value: o.value, scheduledAt: o.scheduledAt, completedAt: o.completedAt, onTime: o.onTime, rating: o.rating },
});

/**
 * The stored timeline titles name the order word, so a new word rewrites them (the workspace's
 * order entries and the "first order" status entries), in the settings change's transaction.
 * A rare admin action: one UPDATE per kind over the workspace's entries.
 */
export async function renameOrderWordInTimeline(trx: Db, workspaceId: string, before: string, after: string): Promise<void> {
  if (before === after) return;
  const from = `${capitalised(before)} `;
  await trx
    .updateTable('timeline_entries')
    .set({ title: sql<string>`cast(${`${capitalised(after)} `} as text) || substr(title, cast(${from.length + 1} as integer))` })
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'order')
    .where(sql<boolean>`substr(title, 1, cast(${from.length} as integer)) = cast(${from} as text)`)
    .execute();
  const pairs = [
    [`first ${before} booked`, `first ${after} booked`],
    [`(first completed ${before})`, `(first completed ${after})`],
  ] as const;
  for (const [a, b] of pairs) {
    await trx
      .updateTable('timeline_entries')
      .set({ title: sql<string>`replace(title, cast(${a} as text), cast(${b} as text))` })
      .where('workspace_id', '=', workspaceId)
      .where('kind', '=', 'status')
      .where('title', 'like', `%${a}%`)
      .execute();
  }
}
