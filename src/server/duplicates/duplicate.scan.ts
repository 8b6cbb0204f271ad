import { sql, type Kysely } from 'kysely';
import type { DuplicateSettings } from '../../domain/duplicate';
import { canonicalEmail, nameKey } from '../../domain/duplicateScore';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { evaluateCandidates, reclusterWorkspace } from './duplicate.cluster';
import { duplicateRepository as repo } from './duplicate.repository';
import { duplicateSettingsOf } from './duplicate-settings.service';

type Db = Kysely<Database>;

export const DUPLICATE_SCAN_JOB = 'duplicates.scan';

/** Neighbours each client is compared with inside a block (sorted-neighbourhood blocking). */
export const scanLimits = { window: 12, page: 5000, batch: 2000 };

type Pass = 'company' | 'city' | 'phone' | 'email';
type State = { pass: number; pos: number; startedAt: string; pairs: number };
type ClientPage = { id: string; display_name: string; company_name: string | null; city: string | null; country: string | null; emails: unknown; phones: unknown }[];

/** The passes the rules need: names are compared within company and city blocks; phones and e-mails have their own. */
function passesOf(s: DuplicateSettings): Pass[] {
  const passes: Pass[] = [];
  if (s.name.enabled && s.blocks.company) passes.push('company');
  if (s.name.enabled && s.blocks.city) passes.push('city');
  if (s.phone.enabled || (s.name.enabled && s.blocks.phonePrefix)) passes.push('phone');
  if (s.email.enabled) passes.push('email');
  return passes;
}

async function* clientPages(db: Db, ws: string): AsyncGenerator<ClientPage> {
  let after: string | null = null;
  for (;;) {
    let q = db
      .selectFrom('clients')
      .select(['id', 'display_name', 'company_name', 'city', 'country', 'emails', 'phones'])
      .where('workspace_id', '=', ws)
      .where('deleted_at', 'is', null)
      .where('merged_into', 'is', null);
    if (after !== null) q = q.where('id', '>', after);
    const page = await q.orderBy('id').limit(scanLimits.page).execute();
    if (page.length) yield page;
    if (page.length < scanLimits.page) return;
    after = page[page.length - 1]!.id;
  }
}

const SEP = '\u0001';

/**
 * One pass's entries as `block SEP sortKey SEP index` strings, sorted: clients of one block
 * sit together, ordered so that likely duplicates are neighbours (by name, by number, by
 * canonical e-mail). Strings keep the memory at a few tens of bytes per client.
 */
async function entriesOf(db: Db, ws: string, pass: Pass, s: DuplicateSettings, ids: string[]): Promise<string[]> {
  const entries: string[] = [];
  for await (const page of clientPages(db, ws)) {
    for (const c of page) {
      const i = ids.push(c.id) - 1;
      const name = nameKey(c.display_name);
      if (pass === 'company' && c.company_name) entries.push(`${nameKey(c.company_name)}${SEP}${name}${SEP}${i}`);
      else if (pass === 'city' && c.city) entries.push(`${c.country ?? ''}|${nameKey(c.city)}${SEP}${name}${SEP}${i}`);
      else if (pass === 'phone') {
        for (const phone of new Set(repo.valuesOf(c.phones))) entries.push(`${s.blocks.phonePrefix && s.name.enabled ? phone.slice(0, -4) : phone}${SEP}${phone}${SEP}${i}`);
      } else if (pass === 'email') {
        for (const email of new Set(repo.valuesOf(c.emails).map(canonicalEmail))) entries.push(`${email.slice(email.lastIndexOf('@') + 1)}${SEP}${email}${SEP}${i}`);
      }
    }
  }
  return entries.sort();
}

/**
 * The whole-workspace scan: each pass reads the live clients once (by id, a page at a time),
 * sorts them into blocks, compares each with its neighbours in the block and stores the pairs
 * that pass the rules. Never all pairs: at most `window` comparisons per client per pass.
 * A checkpoint after each batch of candidates; a resumed scan rebuilds the pass and goes on
 * from the saved position. At the end, pairs not found again are dropped and the clusters
 * rebuilt.
 */
async function runScan(ctx: JobContext<{ userId: string | null }, State>): Promise<Record<string, unknown>> {
  const ws = ctx.workspaceId;
  const settings = await duplicateSettingsOf(ctx.db, ws);
  const passes = passesOf(settings);
  const state: State = ctx.state ?? { pass: 0, pos: 0, startedAt: nowIso(), pairs: 0 };
  const rules = settings;
  for (; state.pass < passes.length; state.pass++, state.pos = 0) {
    const pass = passes[state.pass]!;
    const ids: string[] = [];
    const entries = await entriesOf(ctx.db, ws, pass, settings, ids);
    if (state.pass === 0) await ctx.setTotal(ids.length * passes.length);
    const doneAt = (pos: number) => state.pass * ids.length + Math.round((pos / Math.max(1, entries.length)) * ids.length);
    let candidates: [string, string][] = [];
    const flush = async (pos: number) => {
      state.pairs += (await evaluateCandidates(ctx.db, ws, candidates, rules)).length;
      candidates = [];
      state.pos = pos;
      await ctx.progress(doneAt(pos), state, { pairs: state.pairs });
    };
    for (let pos = state.pos; pos < entries.length; pos++) {
      const [block, key, index] = entries[pos]!.split(SEP) as [string, string, string];
      for (let back = 1; back <= scanLimits.window && pos - back >= 0; back++) {
        const [otherBlock, otherKey, otherIndex] = entries[pos - back]!.split(SEP) as [string, string, string];
        if (otherBlock !== block) break;
        // The e-mail pass proposes only the same mailbox: a shared domain is no block for names.
        if (pass === 'email' && otherKey !== key) continue;
        if (otherIndex !== index) candidates.push([ids[Number(index)]!, ids[Number(otherIndex)]!]);
      }
      if (candidates.length >= scanLimits.batch) await flush(pos + 1);
    }
    await flush(entries.length);
  }
  await repo.deletePairsFoundBefore(ctx.db, ws, state.startedAt);
  const clusters = await reclusterWorkspace(ctx.db, ws);
  const { n } = await ctx.db.selectFrom('duplicate_pairs').select(sql<number>`count(*)`.as('n')).where('workspace_id', '=', ws).executeTakeFirstOrThrow();
  return { pairs: Number(n), clusters };
}

registerJobHandler(DUPLICATE_SCAN_JOB, runScan);
