import { phoneDigitVariants } from './phone';

// Letters NFKD does not decompose into a base letter plus marks.
const FOLDS: Record<string, string> = { ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', œ: 'oe', Œ: 'oe', þ: 'th', Þ: 'th', ı: 'i' };
const FOLD_RE = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'g');

/**
 * The one text normalisation of search: NFKD, combining marks stripped, ß→ss, æ→ae, ø→o,
 * ł→l, đ→d, œ→oe, þ→th, lowercase, whitespace collapsed. Applied to what is stored
 * (`search_text`, `sort_name`) and to every query, so "hernandez" finds "Hernández" and
 * "zoe" finds "Zoë" on both databases without a database-specific unaccent.
 */
export function normalizeSearch(s: string): string {
  return s
    .replace(FOLD_RE, (c) => FOLDS[c]!)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether a query is a phone number fragment: digits and phone punctuation only, at least one digit. */
export const isPhoneQuery = (q: string): boolean => /^[\d\s+\-().\/]+$/.test(q) && /\d/.test(q);

/** The digits of a phone-like query, for matching against the phone digits in search_text. */
export const phoneQueryDigits = (q: string): string => q.replace(/\D/g, '');

/** What clientSearchText reads from a client; e-mails and phones as strings or `{value}` items. */
export type SearchableClient = {
  firstName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  displayName?: string | null;
  emails?: ReadonlyArray<string | { value: string }>;
  phones?: ReadonlyArray<string | { value: string }>;
};

const valueOf = (v: string | { value: string }) => (typeof v === 'string' ? v : v.value);

/**
 * The `search_text` column: normalised first, last, company and display names, every e-mail,
 * and every phone's digits as E.164 digits and as national-number digits, joined by spaces.
 * `nationals` (E.164 → national digits, as normalizePhone gave them) spares re-parsing phones.
 */
export function clientSearchText(client: SearchableClient, nationals?: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  for (const name of [client.firstName, client.lastName, client.companyName, client.displayName]) {
    if (name) parts.push(normalizeSearch(name));
  }
  for (const email of client.emails ?? []) parts.push(normalizeSearch(valueOf(email)));
  for (const phone of client.phones ?? []) parts.push(...phoneDigitVariants(valueOf(phone), nationals?.get(valueOf(phone))));
  return [...new Set(parts.filter(Boolean))].join(' ');
}
