import { normalizeSearch } from './searchText';

/**
 * Pure duplicate scoring, shared by the workspace scan and the check of one new client:
 * Jaro-Winkler on accent-folded names, a canonical form of e-mails, and how the reasons of a
 * pair add up to one 0–100 score.
 */

/** Jaro-Winkler similarity of two strings, 0–1 (1 = equal). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedA = new Uint8Array(la);
  const matchedB = new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] || a[i] !== b[j]) continue;
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
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** The key names are compared on: accents folded, lowercase, punctuation dropped. */
export const nameKey = (name: string): string =>
  normalizeSearch(name)
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const sortedTokens = (key: string) => key.split(' ').sort().join(' ');

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
  const wa = ka.split(' ');
  const wb = kb.split(' ');
  if (wa.length > 1 && wb.length > 1) {
    const [shorter, longer] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
    // One word for one word: the most alike pairs first ("Martín Martínez" cannot match both words to "Martín").
    const pairs = shorter.flatMap((word, i) => longer.map((other, j) => ({ i, j, sim: jaroWinkler(word, other) }))).sort((x, y) => y.sim - x.sim);
    const usedA = new Set<number>();
    const usedB = new Set<number>();
    const best: number[] = [];
    for (const p of pairs) {
      if (usedA.has(p.i) || usedB.has(p.j)) continue;
      usedA.add(p.i);
      usedB.add(p.j);
      best.push(p.sim);
    }
    return (best.reduce((sum, x) => sum + x, 0) / best.length + Math.min(...best)) / 2;
  }
  return Math.max(jaroWinkler(ka, kb), jaroWinkler(sortedTokens(ka), sortedTokens(kb)));
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
