import { normalizeSearch } from './searchText';

/**
 * Pure duplicate scoring, shared by the workspace scan and the check of one new client:
 * Jaro-Winkler on accent-folded names, a canonical form of e-mails, and how the reasons of a
 * pair add up to one 0–100 score.
 */

// Scratch buffers for jaroWinkler: the scan compares tens of millions of names, and a
// fresh pair of arrays per comparison was a good part of its time.
let matchedA = new Uint8Array(64);
let matchedB = new Uint8Array(64);

/** Jaro-Winkler similarity of two strings, 0–1 (1 = equal). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  if (la > matchedA.length) matchedA = new Uint8Array(la * 2);
  if (lb > matchedB.length) matchedB = new Uint8Array(lb * 2);
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    const ca = a.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] || ca !== b.charCodeAt(j)) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** The key names are compared on: accents folded, lowercase, punctuation dropped. */
export const nameKey = (name: string): string =>
  normalizeSearch(name)
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const sortedTokens = (key: string) => key.split(' ').sort().join(' ');

/** A name key split once for many comparisons (the scan keeps one per distinct name). */
export type PreparedKey = { key: string; words: string[]; sorted: string };

export const prepareKey = (key: string): PreparedKey => ({ key, words: key.split(' '), sorted: sortedTokens(key) });

/**
 * How alike two names are, 0–1. Names of several words are compared word by word: each word
 * of the shorter name with its own most alike word of the other (any order, so a middle name or
 * "Smith, John" costs nothing), scored as the mean of those matches and their weakest one
 * together, so a shared first name cannot carry two different surnames ("Anna Köhler" and
 * "Anna Fischer" score 88 % as whole strings, 73 % here). One-word names compare as strings.
 */
export function nameSimilarity(a: string, b: string): number {
  return keySimilarity(nameKey(a), nameKey(b));
}

/** nameSimilarity of two name keys (nameKey), for callers that keep the keys. */
export function keySimilarity(ka: string, kb: string): number {
  if (!ka || !kb) return 0;
  if (ka === kb) return 1;
  return preparedSimilarity(prepareKey(ka), prepareKey(kb));
}

/** keySimilarity of two prepared keys; the same number, without allocating. Not symmetric: keep the order. */
export function preparedSimilarity(pa: PreparedKey, pb: PreparedKey): number {
  const ka = pa.key;
  const kb = pb.key;
  if (!ka || !kb) return 0;
  if (ka === kb) return 1;
  const wa = pa.words;
  const wb = pb.words;
  if (wa.length > 1 && wb.length > 1) {
    const [shorter, longer] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
    return matchWords(shorter.length, longer.length, (i, j) => jaroWinkler(shorter[i]!, longer[j]!));
  }
  return Math.max(jaroWinkler(ka, kb), jaroWinkler(pa.sorted, pb.sorted));
}

// Word-pair similarities, their order and the words taken, reused across calls.
let pairSims = new Float64Array(64);
let pairOrder = new Int32Array(64);
let usedShorter = new Uint8Array(16);
let usedLonger = new Uint8Array(16);

/**
 * The word-by-word score of a shorter name of `ls` words against a longer one of `ll`, given
 * `sim(i, j)` = Jaro-Winkler of the shorter's word i with the longer's word j: the most alike
 * pairs first (ties in (i, j) order), one word for one word, then the mean of the matches
 * averaged with the weakest. Exported so the scan can answer `sim` from a cache of word pairs.
 */
export function matchWords(ls: number, ll: number, sim: (i: number, j: number) => number): number {
  const n = ls * ll;
  if (n > pairSims.length) {
    pairSims = new Float64Array(n * 2);
    pairOrder = new Int32Array(n * 2);
  }
  if (ll > usedLonger.length) {
    usedShorter = new Uint8Array(ll * 2);
    usedLonger = new Uint8Array(ll * 2);
  }
  for (let p = 0; p < n; p++) {
    const value = sim((p / ll) | 0, p % ll);
    pairSims[p] = value;
    // Insertion sort, stable: equal similarities keep their (i, j) order, as Array#sort did.
    let q = p;
    while (q > 0 && pairSims[pairOrder[q - 1]!]! < value) {
      pairOrder[q] = pairOrder[q - 1]!;
      q--;
    }
    pairOrder[q] = p;
  }
  usedShorter.fill(0, 0, ls);
  usedLonger.fill(0, 0, ll);
  let sum = 0;
  let count = 0;
  let min = Infinity;
  for (let r = 0; r < n; r++) {
    const p = pairOrder[r]!;
    const i = (p / ll) | 0;
    const j = p % ll;
    if (usedShorter[i] || usedLonger[j]) continue;
    usedShorter[i] = 1;
    usedLonger[j] = 1;
    const value = pairSims[p]!;
    sum += value;
    count++;
    if (value < min) min = value;
  }
  return (sum / count + min) / 2;
}

const DOTLESS_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The form two addresses of one mailbox share: lowercase, without a `+tag`, and without the
 * dots Gmail ignores. E-mails are unique per workspace as typed, so duplicates by e-mail are
 * the variants this folds together.
 */
export function canonicalEmail(email: string): string {
  const e = email.trim().toLowerCase();
  const at = e.lastIndexOf('@');
  if (at < 1) return e;
  let local = e.slice(0, at);
  let domain = e.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (DOTLESS_DOMAINS.has(domain)) local = local.replace(/\./g, '');
  return `${local}@${domain}`;
}

/** What a pair is compared on; `key` is nameKey(name), computed once when given. */
export type DuplicateFeatures = { id: string; name: string; key?: string; emails: string[]; phones: string[] };

export type DuplicateRuleSettings = {
  threshold: number;
  email: { enabled: boolean; weight: number };
  phone: { enabled: boolean; weight: number };
  name: { enabled: boolean; weight: number; minSimilarity: number };
};

/** One reason a pair may be one client: its rule, a sentence, and (for names) the similarity in %. */
export type DuplicateReason = { rule: 'email' | 'phone' | 'name'; text: string; similarity?: number };

/**
 * Scores a pair: each reason is evidence with the rule's weight (a name's weight scaled by its
 * similarity), and the pieces combine as independent evidence, 1 − Π(1 − w), so two reasons
 * score higher than either alone and nothing passes 100. Null when no rule matches or the
 * score is under the threshold.
 */
export function scorePair(a: DuplicateFeatures, b: DuplicateFeatures, rules: DuplicateRuleSettings): { score: number; reasons: DuplicateReason[] } | null {
  const reasons: DuplicateReason[] = [];
  const weights: number[] = [];
  if (rules.email.enabled && a.emails.length && b.emails.length) {
    const mine = new Set(a.emails.map(canonicalEmail));
    const shared = b.emails.find((e) => mine.has(canonicalEmail(e)));
    if (shared) {
      reasons.push({ rule: 'email', text: 'same e-mail' });
      weights.push(rules.email.weight / 100);
    }
  }
  if (rules.phone.enabled && a.phones.length && b.phones.length) {
    const mine = new Set(a.phones);
    if (b.phones.some((p) => mine.has(p))) {
      reasons.push({ rule: 'phone', text: 'same phone' });
      weights.push(rules.phone.weight / 100);
    }
  }
  if (rules.name.enabled) {
    const ka = a.key ?? nameKey(a.name);
    const kb = b.key ?? nameKey(b.name);
    const similarity = Math.round(keySimilarity(ka, kb) * 100);
    if (similarity >= rules.name.minSimilarity) {
      reasons.push({ rule: 'name', text: ka === kb ? 'same name' : `names ${similarity} % similar`, similarity });
      weights.push((rules.name.weight / 100) * (similarity / 100));
    }
  }
  if (!reasons.length) return null;
  const score = Math.round(100 * (1 - weights.reduce((rest, w) => rest * (1 - w), 1)));
  return score >= rules.threshold ? { score, reasons } : null;
}

/** The stored order of a pair: the smaller id first. */
export const orderedPair = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);
