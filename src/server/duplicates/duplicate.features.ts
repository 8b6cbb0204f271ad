import { canonicalEmail, jaroWinkler, matchWords, nameKey } from '../../domain/duplicateScore';
import { fromJson } from '../db/dialect';

/** A growable Int32Array: a column of the scan's client table. */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 4096) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

const CHUNK = 1 << 20;

/**
 * The pairs a scan found, as numbers (`PairKeys.of`), in chunks of a million: no doubling
 * and copying of one big array, so memory grows by 8 bytes a pair and no more. `seal` sorts
 * each chunk; `merged` then reads all of them in order, each value once.
 */
export class PairKeys {
  private readonly chunks: Float64Array[] = [];
  private fill = CHUNK;
  private lengths: number[] = [];

  push(v: number): void {
    if (this.fill === CHUNK) {
      this.chunks.push(new Float64Array(CHUNK));
      this.fill = 0;
    }
    this.chunks[this.chunks.length - 1]![this.fill++] = v;
  }

  /** Sorts each chunk and drops repeats inside it. */
  seal(): void {
    this.lengths = this.chunks.map((chunk, i) => {
      const part = chunk.subarray(0, i === this.chunks.length - 1 ? this.fill : CHUNK).sort();
      let n = 0;
      for (let k = 0; k < part.length; k++) if (n === 0 || part[k] !== part[n - 1]) part[n++] = part[k]!;
      return n;
    });
  }

  /** Every value in any order, repeats included (for what does not mind them: grouping). */
  forEach(fn: (v: number) => void): void {
    this.chunks.forEach((chunk, i) => {
      for (let k = 0; k < this.lengths[i]!; k++) fn(chunk[k]!);
    });
  }

  /** A reader of the values in ascending order, each once (a k-way merge of the sorted chunks). */
  merged(): () => number {
    const pos = this.chunks.map(() => 0);
    let last = -1;
    return () => {
      for (;;) {
        let best = -1;
        let value = Infinity;
        for (let i = 0; i < this.chunks.length; i++) {
          if (pos[i]! < this.lengths[i]! && this.chunks[i]![pos[i]!]! < value) {
            value = this.chunks[i]![pos[i]!]!;
            best = i;
          }
        }
        if (best < 0) return -1;
        pos[best]!++;
        if (value !== last) return (last = value);
      }
    };
  }
}

/** Distinct strings numbered in order of first sight. */
export class Interner {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  of(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.push(s) - 1;
      this.ids.set(s, id);
    }
    return id;
  }
  /** Each id's rank in the code-unit order of its string (the order of the former sorted entries). */
  ranks(): Int32Array {
    const order = this.values.map((_, i) => i).sort((a, b) => (this.values[a]! < this.values[b]! ? -1 : this.values[a]! > this.values[b]! ? 1 : 0));
    const rank = new Int32Array(order.length);
    order.forEach((id, r) => (rank[id] = r));
    return rank;
  }
}

/** What the scan reads of a client. */
export type ScanRow = { id: string; display_name: string; company_name: string | null; city: string | null; country: string | null; emails: unknown; phones: unknown };

const valuesOf = (json: unknown): string[] => (fromJson<{ value: string }[] | null>(json) ?? []).map((v) => v.value);

const canonicalEmails = (json: unknown): string[] => [...new Set(valuesOf(json).map(canonicalEmail))];

/** FNV-1a, 32 bits, as a signed int (an Int32Array holds it). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

// Caches of name keys by the text they come from: sample and real data repeat names,
// companies and cities a lot. Bounded, so a million distinct names cost no more memory.
const CACHE_LIMIT = 100_000;
function cached(cache: Map<string, string>, text: string): string {
  let key = cache.get(text);
  if (key === undefined) {
    key = nameKey(text);
    if (cache.size < CACHE_LIMIT) cache.set(text, key);
  }
  return key;
}

/**
 * The live clients of a workspace as the scan needs them, read once for all passes: ids in
 * the order read (by id), and per client its interned name key, company and city blocks, its
 * distinct phones and canonical e-mails (offsets into flat lists). A few tens of bytes per
 * client, so a million fit in a bounded heap.
 */
export class ScanClients {
  readonly ids: string[] = [];
  readonly name = new IntList();
  readonly company = new IntList();
  readonly city = new IntList();
  readonly phoneStart = new IntList();
  readonly phones: string[] = [];
  readonly emailStart = new IntList();
  /** FNV-1a of each canonical e-mail: addresses themselves are kept only where two hash alike (`exactEmails`). */
  readonly emailHash = new IntList();
  /** The canonical address of each e-mail entry whose hash another entry shares, by entry. */
  readonly exactEmails = new Map<number, string>();
  readonly names = new Interner();
  readonly companies = new Interner();
  readonly cities = new Interner();
  /** Whether ids were read in strictly ascending code-unit order: then index order is id order. */
  idsAscending = true;
  private readonly nameCache = new Map<string, string>();
  private readonly companyCache = new Map<string, string>();
  private readonly cityCache = new Map<string, string>();

  constructor() {
    this.phoneStart.push(0);
    this.emailStart.push(0);
  }

  get size(): number {
    return this.ids.length;
  }

  add(row: ScanRow): void {
    const last = this.ids[this.ids.length - 1];
    if (last !== undefined && !(last < row.id)) this.idsAscending = false;
    this.ids.push(row.id);
    this.name.push(this.names.of(cached(this.nameCache, row.display_name)));
    this.company.push(row.company_name ? this.companies.of(cached(this.companyCache, row.company_name)) : -1);
    this.city.push(row.city ? this.cities.of(`${row.country ?? ''}|${cached(this.cityCache, row.city)}`) : -1);
    for (const phone of new Set(valuesOf(row.phones))) this.phones.push(phone);
    this.phoneStart.push(this.phones.length);
    for (const email of canonicalEmails(row.emails)) this.emailHash.push(fnv1a(email));
    this.emailStart.push(this.emailHash.length);
  }

  /** Drops the read caches once every client is in. */
  done(): void {
    this.nameCache.clear();
    this.companyCache.clear();
    this.cityCache.clear();
  }

  /** Whether two clients share a phone. */
  sharePhone(x: number, y: number): boolean {
    const p = this.phoneStart.data;
    for (let i = p[x]!; i < p[x + 1]!; i++) for (let j = p[y]!; j < p[y + 1]!; j++) if (this.phones[i] === this.phones[j]) return true;
    return false;
  }

  /** Whether two clients share a mailbox (canonical e-mail): alike hashes, then the addresses. */
  shareEmail(x: number, y: number): boolean {
    const e = this.emailStart.data;
    const h = this.emailHash.data;
    for (let i = e[x]!; i < e[x + 1]!; i++) {
      for (let j = e[y]!; j < e[y + 1]!; j++) {
        if (h[i] !== h[j]) continue;
        const address = this.exactEmails.get(i);
        if (address !== undefined && address === this.exactEmails.get(j)) return true;
      }
    }
    return false;
  }

  /** The clients holding an e-mail whose hash another e-mail shares: their addresses are read again. */
  clientsWithSharedEmailHash(): number[] {
    const hashes = this.emailHash.data.subarray(0, this.emailHash.length);
    const sorted = hashes.slice().sort();
    const shared = new Set<number>();
    for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) shared.add(sorted[i]!);
    const owners: number[] = [];
    const e = this.emailStart.data;
    for (let c = 0; c < this.size; c++) {
      for (let i = e[c]!; i < e[c + 1]!; i++) {
        if (!shared.has(hashes[i]!)) continue;
        owners.push(c);
        break;
      }
    }
    this.sharedHashes = shared;
    return owners;
  }
  private sharedHashes = new Set<number>();

  /** Takes the addresses of those clients (their `emails` column, by id) for the entries whose hash is shared. */
  resolveEmails(owners: number[], emailsById: Map<string, unknown>): void {
    const e = this.emailStart.data;
    const h = this.emailHash.data;
    for (const c of owners) {
      const fresh = canonicalEmails(emailsById.get(this.ids[c]!));
      for (let i = e[c]!; i < e[c + 1]!; i++) {
        if (!this.sharedHashes.has(h[i]!)) continue;
        const address = fresh.find((email) => fnv1a(email) === h[i]);
        if (address !== undefined) this.exactEmails.set(i, address);
      }
    }
  }

  hasPhones = (x: number): boolean => this.phoneStart.data[x + 1]! > this.phoneStart.data[x]!;
  hasEmails = (x: number): boolean => this.emailStart.data[x + 1]! > this.emailStart.data[x]!;
}

const SLOTS = 1 << 16;
const MEMO_BITS = 18;

/** A direct-mapped memo of a function of two ids (a slot keeps the last pair that hashed to it). */
class PairMemo {
  private readonly a = new Int32Array(1 << MEMO_BITS).fill(-1);
  private readonly b = new Int32Array(1 << MEMO_BITS);
  private readonly value = new Float64Array(1 << MEMO_BITS);
  get(x: number, y: number, compute: (x: number, y: number) => number): number {
    const slot = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77)) >>> (32 - MEMO_BITS);
    if (this.a[slot] === x && this.b[slot] === y) return this.value[slot]!;
    const v = compute(x, y);
    this.a[slot] = x;
    this.b[slot] = y;
    this.value[slot] = v;
    return v;
  }
}

type KeyWords = { key: string; words: Int32Array; sorted: string | null };

/**
 * keySimilarity over interned name keys, the same number, cheaper: names are split once into
 * interned words, Jaro-Winkler of two words is remembered (first and last names repeat far more
 * than whole names do), and so is the result for two keys. Caches are bounded.
 */
export class NameComparer {
  private readonly preparedId = new Int32Array(SLOTS).fill(-1);
  private readonly prepared: KeyWords[] = new Array(SLOTS);
  private readonly wordIds = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly keyMemo = new PairMemo();
  private readonly wordMemo = new PairMemo();
  private wa: Int32Array = new Int32Array(0);
  private wb: Int32Array = new Int32Array(0);
  private readonly wordSim = (i: number, j: number) => this.wordMemo.get(this.wa[i]!, this.wb[j]!, this.jw);
  private readonly jw = (x: number, y: number) => jaroWinkler(this.words[x]!, this.words[y]!);
  private readonly compute = (a: number, b: number) => this.keySimilarity(a, b);
  constructor(private readonly keys: string[]) {}

  private prepare(id: number): KeyWords {
    const slot = id & (SLOTS - 1);
    if (this.preparedId[slot] !== id) {
      const key = this.keys[id]!;
      this.prepared[slot] = { key, words: Int32Array.from(key.split(' '), (w) => this.wordId(w)), sorted: null };
      this.preparedId[slot] = id;
    }
    return this.prepared[slot]!;
  }

  private wordId(word: string): number {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.words.push(word) - 1;
      this.wordIds.set(word, id);
    }
    return id;
  }

  /** Similarity of the names with these key ids, in this order (the measure is not symmetric). */
  similarity(a: number, b: number): number {
    if (a === b) return this.keys[a] ? 1 : 0;
    return this.keyMemo.get(a, b, this.compute);
  }

  // preparedSimilarity, with word pairs from the memo.
  private keySimilarity(a: number, b: number): number {
    const pa = this.prepare(a);
    const pb = this.prepare(b);
    if (!pa.key || !pb.key) return 0;
    if (pa.words.length > 1 && pb.words.length > 1) {
      const aShorter = pa.words.length <= pb.words.length;
      this.wa = aShorter ? pa.words : pb.words;
      this.wb = aShorter ? pb.words : pa.words;
      return matchWords(this.wa.length, this.wb.length, this.wordSim);
    }
    pa.sorted ??= sortedKey(pa.key);
    pb.sorted ??= sortedKey(pb.key);
    return Math.max(jaroWinkler(pa.key, pb.key), jaroWinkler(pa.sorted, pb.sorted));
  }
}

const sortedKey = (key: string) => key.split(' ').sort().join(' ');
