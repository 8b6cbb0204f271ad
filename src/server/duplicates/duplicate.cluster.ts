import type { Kysely } from 'kysely';
import { orderedPair, scorePair, type DuplicateReason, type DuplicateRuleSettings } from '../../domain/duplicateScore';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { duplicateRepository as repo } from './duplicate.repository';

type Db = Kysely<Database>;

/** Union-find over client ids; a component's id is its smallest client id (stable across rescans). */
class Components {
  private parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    if (!this.parent.has(x)) this.parent.set(x, x);
    for (let cur = x; cur !== root; ) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }
}

type Summary = { score: number; members: Set<string>; clientAs: Set<string> };

function summarise(pairs: { client_a: string; client_b: string; score: number }[]): Map<string, Summary> {
  const uf = new Components();
  for (const p of pairs) uf.union(p.client_a, p.client_b);
  const out = new Map<string, Summary>();
  for (const p of pairs) {
    const root = uf.find(p.client_a);
    const s = out.get(root) ?? { score: 0, members: new Set(), clientAs: new Set() };
    s.score = Math.max(s.score, p.score);
    s.members.add(p.client_a).add(p.client_b);
    s.clientAs.add(p.client_a);
    out.set(root, s);
  }
  return out;
}

async function writeComponents(trx: Db, ws: string, components: Map<string, Summary>, now: string): Promise<void> {
  const clusterOf = new Map<string, string>();
  for (const [id, s] of components) for (const a of s.clientAs) clusterOf.set(a, id);
  await repo.setClusterOfPairs(trx, ws, clusterOf);
  await repo.insertClusters(trx, ws, [...components].map(([id, s]) => ({ id, score: s.score, size: s.members.size })), now);
}

/**
 * Rebuilds the clusters that hold these clients' pairs (after pairs were added or removed):
 * the pairs of every cluster involved are regrouped into connected components.
 */
export async function reclusterAround(trx: Db, ws: string, clientIds: string[], extraClusterIds: string[] = []): Promise<void> {
  const touching = await repo.pairsOfClients(trx, ws, clientIds);
  const clusterIds = [...new Set([...touching.map((p) => p.cluster_id), ...extraClusterIds])];
  const pairs = await repo.pairsOfClusters(trx, ws, clusterIds);
  await repo.deleteClusters(trx, ws, clusterIds);
  await writeComponents(trx, ws, summarise(pairs), nowIso());
}

/** The clusters of a full scan: each client's cluster root (its index) and one row per cluster. */
export type ScanClusters = { root: Int32Array; clusters: { id: string; score: number; size: number }[] };

/**
 * Groups a full scan's pairs into connected components by union-find over client indexes:
 * a component's id is its smallest client id (stable across scans), its score the best pair
 * score, its size the clients in it. `eachPair` lists the pairs (twice; repeats do no harm).
 */
export function clusterScanPairs(ids: string[], eachPair: (fn: (lo: number, hi: number, score: number) => void) => void): ScanClusters {
  const n = ids.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[x] !== root) {
      const next = parent[x]!;
      parent[x] = root;
      x = next;
    }
    return root;
  };
  eachPair((lo, hi) => {
    const ra = find(lo);
    const rb = find(hi);
    if (ra === rb) return;
    if (ids[ra]! < ids[rb]!) parent[rb] = ra;
    else parent[ra] = rb;
  });
  const best = new Uint8Array(n);
  const size = new Int32Array(n);
  const member = new Uint8Array(n);
  eachPair((lo, hi, score) => {
    const root = find(lo);
    if (score > best[root]!) best[root] = score;
    if (!member[lo]) size[root]!++;
    if (!member[hi]) size[root]!++;
    member[lo] = 1;
    member[hi] = 1;
  });
  const clusters: ScanClusters['clusters'] = [];
  for (let c = 0; c < n; c++) if (size[c]) clusters.push({ id: ids[c]!, score: best[c]!, size: size[c]! });
  for (let c = 0; c < n; c++) parent[c] = find(c);
  return { root: parent, clusters };
}

/**
 * Scores candidate pairs (client ids, in any order) and stores those that pass the rules,
 * leaving out pairs marked "not a duplicate" and clients gone or merged. Returns the stored pairs.
 */
export async function evaluateCandidates(
  db: Db,
  ws: string,
  candidates: [string, string][],
  rules: DuplicateRuleSettings,
  foundAt = nowIso(),
): Promise<{ a: string; b: string; score: number; reasons: DuplicateReason[] }[]> {
  const unique = new Map<string, [string, string]>();
  for (const [x, y] of candidates) {
    if (x === y) continue;
    const pair = orderedPair(x, y);
    unique.set(`${pair[0]}|${pair[1]}`, pair);
  }
  if (!unique.size) return [];
  const ids = [...unique.values()].flat();
  const [features, dismissed] = await Promise.all([repo.featuresOf(db, ws, ids), repo.dismissedAmong(db, ws, ids)]);
  const found: { a: string; b: string; score: number; reasons: DuplicateReason[] }[] = [];
  for (const [key, [a, b]] of unique) {
    const fa = features.get(a);
    const fb = features.get(b);
    if (!fa || !fb || dismissed.has(key)) continue;
    const scored = scorePair(fa, fb, rules);
    if (scored) found.push({ a, b, ...scored });
  }
  await repo.upsertPairs(db, ws, found, foundAt);
  return found;
}
