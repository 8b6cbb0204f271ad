import type { DuplicateSettings } from '../../domain/duplicate';
import type { DuplicateReason } from '../../domain/duplicateScore';
import { Interner, NameComparer, PairKeys, type ScanClients } from './duplicate.features';

/** Neighbours each client is compared with inside a block (sorted-neighbourhood blocking); pairs written per batch. */
export const scanLimits = { window: 12, page: 10_000, batch: 20_000 };

export type Pass = 'company' | 'city' | 'phone' | 'email';

/** The passes the rules need: names are compared within company and city blocks; phones and e-mails have their own. */
export function passesOf(s: DuplicateSettings): Pass[] {
  const passes: Pass[] = [];
  if (s.name.enabled && s.blocks.company) passes.push('company');
  if (s.name.enabled && s.blocks.city) passes.push('city');
  if (s.phone.enabled || (s.name.enabled && s.blocks.phonePrefix)) passes.push('phone');
  if (s.email.enabled) passes.push('email');
  return passes;
}

/**
 * Each index's rank in the code-unit order of its decimal string ("10" before "9"): the
 * former entries were `block SEP key SEP index` strings, so clients of one block with the same
 * key came in this order, and the neighbourhoods must stay the same.
 */
function decimalRanks(n: number): Int32Array {
  const rank = new Int32Array(n);
  let r = 0;
  if (n > 0) rank[0] = r++;
  const stack: number[] = [];
  for (let d = 9; d >= 1; d--) if (d < n) stack.push(d);
  while (stack.length) {
    const x = stack.pop()!;
    rank[x] = r++;
    for (let d = 9; d >= 0; d--) if (x * 10 + d < n) stack.push(x * 10 + d);
  }
  return rank;
}

/** How a pair scored, packed: e-mail, phone, name reason, same name, similarity %. */
export type PairCode = number;
const EMAIL = 1;
const PHONE = 2;
const NAME = 4;
const SAME = 8;

/** The score of a pair code under these rules (as scorePair computes it). */
export function scoreOf(code: PairCode, rules: DuplicateSettings): number {
  let rest = 1;
  if (code & EMAIL) rest *= 1 - rules.email.weight / 100;
  if (code & PHONE) rest *= 1 - rules.phone.weight / 100;
  if (code & NAME) rest *= 1 - (rules.name.weight / 100) * ((code >> 4) / 100);
  return Math.round(100 * (1 - rest));
}

/** The reasons of a pair code, as scorePair words them. */
export function reasonsOf(code: PairCode): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  if (code & EMAIL) reasons.push({ rule: 'email', text: 'same e-mail' });
  if (code & PHONE) reasons.push({ rule: 'phone', text: 'same phone' });
  if (code & NAME) reasons.push({ rule: 'name', text: code & SAME ? 'same name' : `names ${code >> 4} % similar`, similarity: code >> 4 });
  return reasons;
}

/** Scores pairs of the scan's clients from what was read: the same verdict as scorePair, without re-reading rows. */
export class PairScorer {
  private readonly names: NameComparer;
  private readonly nameAloneCanPass: boolean;
  constructor(
    private readonly clients: ScanClients,
    private readonly rules: DuplicateSettings,
  ) {
    this.names = new NameComparer(clients.names.values);
    this.nameAloneCanPass = rules.name.enabled && scoreOf(NAME | (100 << 4), rules) >= rules.threshold;
  }

  /** The pair's code (lo is the smaller id), or -1 when it does not pass the rules. */
  code(lo: number, hi: number): PairCode {
    const c = this.clients;
    const r = this.rules;
    let code = 0;
    if (r.email.enabled && c.hasEmails(lo) && c.hasEmails(hi) && c.shareEmail(lo, hi)) code |= EMAIL;
    if (r.phone.enabled && c.hasPhones(lo) && c.hasPhones(hi) && c.sharePhone(lo, hi)) code |= PHONE;
    // Without a shared e-mail or phone only the name can carry the pair.
    if (!code && !this.nameAloneCanPass) return -1;
    if (r.name.enabled) {
      const a = c.name.data[lo]!;
      const b = c.name.data[hi]!;
      const similarity = Math.round(this.names.similarity(a, b) * 100);
      if (similarity >= r.name.minSimilarity) code |= NAME | (a === b ? SAME : 0) | (similarity << 4);
    }
    if (!code) return -1;
    return scoreOf(code, r) >= r.threshold ? code : -1;
  }
}

type Yield = () => Promise<void>;

/**
 * A found pair as one number: (lo · n + hi) · 2048 + code while that stays an exact integer
 * (up to two million clients), else lo · n + hi and the code is worked out again when read.
 * Sorted, the numbers follow the clients' order: a pair is written in primary-key order.
 */
export class PairCodec {
  private readonly packs: boolean;
  constructor(
    private readonly n: number,
    private readonly scorer: PairScorer,
  ) {
    this.packs = n * n * 2048 < 2 ** 53;
  }
  key(lo: number, hi: number, code: PairCode): number {
    return this.packs ? (lo * this.n + hi) * 2048 + code : lo * this.n + hi;
  }
  /** Calls fn with the pair and its code. */
  read(key: number, fn: (lo: number, hi: number, code: PairCode) => void): void {
    const base = this.packs ? Math.floor(key / 2048) : key;
    const lo = Math.floor(base / this.n);
    const hi = base - lo * this.n;
    fn(lo, hi, this.packs ? key - base * 2048 : this.scorer.code(lo, hi));
  }
}

/**
 * Runs the blocking passes over the clients and returns the pairs that pass the rules (lo,
 * hi: indexes into the clients, lo with the smaller id; see PairCodec).
 * Each pass sorts its entries by (block, key, index as text) exactly as the former string
 * entries sorted, and compares each with its `window` predecessors in the block; a pair
 * already compared by an earlier pass (same block, within the window) is not compared again.
 */
export async function findPairs(clients: ScanClients, settings: DuplicateSettings, scorer: PairScorer, yieldNow: Yield): Promise<{ pairs: PairKeys; codec: PairCodec }> {
  const n = clients.size;
  const W = scanLimits.window;
  const lex = decimalRanks(n);
  const nameRank = clients.names.ranks();
  const found = new PairKeys();
  const codec = new PairCodec(n, scorer);
  const passes = passesOf(settings);
  // Position of each client in the company and city passes, for "compared already".
  const posIn: Record<'company' | 'city', Int32Array | null> = { company: null, city: null };
  const company = clients.company.data;
  const city = clients.city.data;
  const comparedBefore = (x: number, y: number): boolean => {
    const atCompany = posIn.company;
    if (atCompany !== null && company[x]! >= 0 && company[x] === company[y] && Math.abs(atCompany[x]! - atCompany[y]!) <= W) return true;
    const atCity = posIn.city;
    return atCity !== null && city[x]! >= 0 && city[x] === city[y] && Math.abs(atCity[x]! - atCity[y]!) <= W;
  };
  const consider = (x: number, y: number) => {
    if (x === y || comparedBefore(x, y)) return;
    const xFirst = clients.idsAscending ? x < y : clients.ids[x]! < clients.ids[y]!;
    const lo = xFirst ? x : y;
    const hi = xFirst ? y : x;
    const code = scorer.code(lo, hi);
    if (code >= 0) found.push(codec.key(lo, hi, code));
  };

  for (const pass of passes) {
    if (pass === 'company' || pass === 'city') {
      const interner = pass === 'company' ? clients.companies : clients.cities;
      const block = clients[pass].data;
      const blockRank = interner.ranks();
      const order = sortedClients(n, block, blockRank, nameRank, clients.name.data, lex);
      const pos = new Int32Array(n).fill(-1);
      for (let p = 0; p < order.length; p++) {
        const c = order[p]!;
        for (let back = 1; back <= W && p - back >= 0; back++) {
          const other = order[p - back]!;
          if (block[other] !== block[c]) break;
          consider(c, other);
        }
        if ((p & 0xffff) === 0xffff) await yieldNow();
      }
      order.forEach((c, p) => (pos[c] = p));
      posIn[pass] = pos;
    } else if (pass === 'phone') {
      const byPrefix = settings.blocks.phonePrefix && settings.name.enabled;
      await phonePass(clients, byPrefix, lex, consider, yieldNow);
    } else {
      emailPass(clients, lex, consider);
    }
    await yieldNow();
  }
  found.seal();
  return { pairs: found, codec };
}

/** The clients with a block, sorted by (block, name key, index as text). */
function sortedClients(n: number, block: Int32Array, blockRank: Int32Array, nameRank: Int32Array, name: Int32Array, lex: Int32Array): Int32Array {
  const members: number[] = [];
  for (let c = 0; c < n; c++) if (block[c]! >= 0) members.push(c);
  const blocks = Math.max(1, blockRank.length);
  const names = Math.max(1, nameRank.length);
  if (blocks * names * n < 2 ** 53) {
    // One number per client and a native numeric sort; the decimal rank is unique, so it also names the client.
    const byLex = new Int32Array(n);
    lex.forEach((r, c) => (byLex[r] = c));
    const packed = new Float64Array(members.length);
    members.forEach((c, i) => (packed[i] = (blockRank[block[c]!]! * names + nameRank[name[c]!]!) * n + lex[c]!));
    packed.sort();
    return Int32Array.from(packed, (v) => byLex[v % n]!);
  }
  return Int32Array.from(members).sort((a, b) => blockRank[block[a]!]! - blockRank[block[b]!]! || nameRank[name[a]!]! - nameRank[name[b]!]! || lex[a]! - lex[b]!);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Phones: blocks of the number without its last 4 digits (or the whole number), sorted by number. */
async function phonePass(clients: ScanClients, byPrefix: boolean, lex: Int32Array, consider: (x: number, y: number) => void, yieldNow: Yield) {
  const owner = new Int32Array(clients.phones.length);
  const start = clients.phoneStart.data;
  for (let c = 0; c < clients.size; c++) for (let i = start[c]!; i < start[c + 1]!; i++) owner[i] = c;
  const blocks = new Interner();
  const blockOf = Int32Array.from(clients.phones, (phone) => blocks.of(byPrefix ? phone.slice(0, -4) : phone));
  await yieldNow();
  const blockRank = blocks.ranks();
  const phones = clients.phones;
  const order = Int32Array.from(phones, (_, i) => i).sort((a, b) => blockRank[blockOf[a]!]! - blockRank[blockOf[b]!]! || cmp(phones[a]!, phones[b]!) || lex[owner[a]!]! - lex[owner[b]!]!);
  await yieldNow();
  for (let p = 0; p < order.length; p++) {
    const e = order[p]!;
    for (let back = 1; back <= scanLimits.window && p - back >= 0; back++) {
      const other = order[p - back]!;
      if (blockOf[other] !== blockOf[e]) break;
      consider(owner[e]!, owner[other]!);
    }
    if ((p & 0xffff) === 0xffff) await yieldNow();
  }
}

/**
 * E-mails: only the same mailbox is proposed, so only addresses held by two clients or more
 * matter (`exactEmails`: those whose hash another shares). Equal addresses sat together in the
 * former order (by domain, then address), each compared with its `window` predecessors.
 */
function emailPass(clients: ScanClients, lex: Int32Array, consider: (x: number, y: number) => void) {
  const exact = clients.exactEmails;
  if (!exact.size) return;
  const owner = new Map<number, number>();
  const start = clients.emailStart.data;
  for (let c = 0; c < clients.size; c++) for (let i = start[c]!; i < start[c + 1]!; i++) if (exact.has(i)) owner.set(i, c);
  const entries = [...exact.keys()].sort((a, b) => cmp(exact.get(a)!, exact.get(b)!) || lex[owner.get(a)!]! - lex[owner.get(b)!]!);
  for (let p = 0; p < entries.length; p++) {
    for (let back = 1; back <= scanLimits.window && p - back >= 0; back++) {
      const other = entries[p - back]!;
      if (exact.get(other) !== exact.get(entries[p]!)) break;
      consider(owner.get(entries[p]!)!, owner.get(other)!);
    }
  }
}
