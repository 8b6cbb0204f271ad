import type { Kysely } from 'kysely';
import { fieldsOf, type Filter } from '../../domain/filter';
import { healthSettingsFrom } from '../../domain/healthSettings';
import { SEGMENT_NESTING, leafIds } from '../clients/client.selection';
import { fromJson } from '../db/dialect';
import type { Database } from '../db/schema';
import { enqueueHealthRecompute } from './health.job';

type Db = Kysely<Database>;

/**
 * Whether a weight profile of the health settings picks its clients through this segment:
 * named by a profile, or named inside the filter of a segment a profile names (segments nest,
 * up to SEGMENT_NESTING levels). Reads the few segments on the way, level by level.
 */
export async function segmentDrivesHealthProfile(db: Db, workspaceId: string, segmentId: string): Promise<boolean> {
  const ws = await db.selectFrom('workspaces').select('settings').where('id', '=', workspaceId).executeTakeFirst();
  const profiles = healthSettingsFrom(fromJson<Record<string, unknown>>(ws?.settings ?? null)?.health).profiles;
  const seen = new Set<string>();
  let level = profiles.map((p) => p.segmentId);
  for (let depth = 0; level.length && depth <= SEGMENT_NESTING; depth++) {
    if (level.includes(segmentId)) return true;
    level.forEach((id) => seen.add(id));
    const rows = await db.selectFrom('segments').select('filter').where('workspace_id', '=', workspaceId).where('id', 'in', level).execute();
    const named = rows.flatMap((r) => {
      const filter = fromJson<Filter>(r.filter);
      return filter ? fieldsOf(filter).filter((l) => l.field === 'segmentId').flatMap(leafIds) : [];
    });
    level = [...new Set(named)].filter((id) => !seen.has(id));
  }
  return false;
}

/**
 * A segment's members changed by an edit of its filter (or its deletion): when a weight profile
 * depends on it, every client's profile may have changed, so the workspace gets a full
 * recompute job, queued in the caller's transaction. Returns the job id, or null.
 */
export async function recomputeIfProfileSegment(trx: Db, workspaceId: string, segmentId: string, userId: string | null): Promise<string | null> {
  if (!(await segmentDrivesHealthProfile(trx, workspaceId, segmentId))) return null;
  return enqueueHealthRecompute(trx, workspaceId, userId);
}
