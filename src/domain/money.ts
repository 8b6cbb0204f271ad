import { z } from 'zod';

/**
 * Money: an integer amount of a currency's minor unit (cents, pence, yen…) and an ISO 4217
 * code. Never a float: sums, tax and line totals are computed on integers (BigInt where a
 * product could pass 2^53), and amounts of different currencies are never added together —
 * totals are kept per currency.
 */

/** ISO 4217 codes Rapport accepts, with the number of digits of their minor unit. */
export const currencies = {
  AED: 2, ARS: 2, AUD: 2, BDT: 2, BGN: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CLP: 0, CNY: 2, COP: 2, CZK: 2, DKK: 2,
  EGP: 2, EUR: 2, GBP: 2, GHS: 2, HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, ISK: 0, JOD: 3, JPY: 0, KES: 2, KRW: 0,
  KWD: 3, LKR: 2, MAD: 2, MXN: 2, MYR: 2, NGN: 2, NOK: 2, NZD: 2, OMR: 3, PEN: 2, PHP: 2, PKR: 2, PLN: 2, QAR: 2,
  RON: 2, RSD: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2, TWD: 2, UAH: 2, UGX: 0, USD: 2, UYU: 2, VND: 0,
  XAF: 0, XOF: 0, ZAR: 2,
} as const satisfies Record<string, number>;
export type CurrencyCode = keyof typeof currencies;
export const currencyCodes = Object.keys(currencies) as CurrencyCode[];

export const isCurrency = (code: string): code is CurrencyCode => Object.prototype.hasOwnProperty.call(currencies, code);

/** Digits of the currency's minor unit (2 for USD, 0 for JPY, 3 for KWD). */
export const minorDigits = (currency: string): number => (isCurrency(currency) ? currencies[currency] : 2);

/** An ISO 4217 code; lower case is accepted and upper-cased. */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrency, 'must be an ISO 4217 currency code Rapport knows, like USD or EUR')
  .describe('ISO 4217 currency code');

const amountSchema = z
  .number({ error: 'must be an integer number of minor units (cents)' })
  .int('must be an integer number of minor units (cents), not a decimal')
  .min(-Number.MAX_SAFE_INTEGER, 'is too large')
  .max(Number.MAX_SAFE_INTEGER, 'is too large');

// Not client.ts's strictError: client.ts imports this module (client figures are money).
const strictError = {
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' ? `unknown field${issue.keys!.length > 1 ? 's' : ''}: ${issue.keys!.join(', ')}` : undefined,
};

const moneyShape = (amount: z.ZodNumber) =>
  z.strictObject(
    { amount: amount.describe('Integer amount in the currency’s minor unit (e.g. cents): 1999 = 19.99 USD'), currency: currencySchema },
    strictError,
  );

/** Money as it is written: `{amount, currency}`, amount in minor units (may be negative: adjustments). */
export const moneySchema = moneyShape(amountSchema);
/** Money that cannot be negative (prices, values, payments). */
export const nonNegativeMoneySchema = moneyShape(amountSchema.min(0, 'must not be negative'));
/** Money that must be more than zero (a payment). */
export const positiveMoneySchema = moneyShape(amountSchema.min(1, 'must be more than zero'));
export type Money = { amount: number; currency: string };

/** Money as the API returns it (no refinements, so the OpenAPI document stays simple). */
export const moneyOutSchema = z.object({ amount: z.number().int(), currency: z.string() });

/** Totals per currency, e.g. `{ USD: 125000, EUR: 3000 }` (minor units). */
export type CurrencyTotals = Record<string, number>;
export const currencyTotalsSchema = z.record(z.string(), z.number().int()).describe('Minor units per ISO 4217 currency');

export const money = (amount: number, currency: string): Money => ({ amount, currency });
export const zero = (currency: string): Money => ({ amount: 0, currency });

function checkSafe(n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`money amount ${n} is outside the exact integer range`);
  return n;
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`cannot combine ${a.currency} with ${b.currency}; keep totals per currency`);
}

/** a + b (same currency only). */
export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amount: checkSafe(a.amount + b.amount), currency: a.currency };
}

/** a − b (same currency only). */
export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amount: checkSafe(a.amount - b.amount), currency: a.currency };
}

/** −1, 0 or 1 (same currency only). */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

/** Adds amounts into per-currency totals (mutates and returns `totals`). */
export function addToTotals(totals: CurrencyTotals, m: Money): CurrencyTotals {
  totals[m.currency] = checkSafe((totals[m.currency] ?? 0) + m.amount);
  return totals;
}

/** The per-currency sums of a list of amounts. */
export const sumByCurrency = (items: Iterable<Money>): CurrencyTotals => {
  const totals: CurrencyTotals = {};
  for (const m of items) addToTotals(totals, m);
  return totals;
};

/** Per-currency totals as a list of money, workspace currency first, then by code. */
export function totalsToList(totals: CurrencyTotals, first?: string): Money[] {
  return Object.entries(totals)
    .sort(([a], [b]) => (a === first ? -1 : b === first ? 1 : a.localeCompare(b)))
    .map(([currency, amount]) => ({ amount, currency }));
}

/** Rounds numerator / denominator half away from zero, exactly (BigInt). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/** Scale of a quantity: quantities are exact to 4 decimals (1.5 hours, 0.25 kg). */
export const QUANTITY_SCALE = 10_000;

/** quantity × unit amount, rounded half away from zero to a whole minor unit. */
export function multiplyAmount(unitAmount: number, quantity: number): number {
  const q = BigInt(Math.round(quantity * QUANTITY_SCALE));
  return checkSafe(Number(divideRounded(BigInt(unitAmount) * q, BigInt(QUANTITY_SCALE))));
}

/** amount × basisPoints / 10,000 (tax rates: 2000 = 20 %), rounded half away from zero. */
export function applyBasisPoints(amount: number, basisPoints: number): number {
  return checkSafe(Number(divideRounded(BigInt(amount) * BigInt(basisPoints), 10_000n)));
}

/** The exact decimal text of an amount: `{1999, USD}` → "19.99", `{5, KWD}` → "0.005". */
export function toDecimalString(m: Money): string {
  const digits = minorDigits(m.currency);
  const negative = m.amount < 0;
  const text = String(Math.abs(m.amount)).padStart(digits + 1, '0');
  const whole = digits ? text.slice(0, -digits) : text;
  const fraction = digits ? `.${text.slice(-digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Reads what a person typed ("19.99", "1,234.5", "-3") as money, exactly; null when it is
 * not a number or has more decimals than the currency allows.
 */
export function parseDecimal(text: string, currency: string): Money | null {
  const digits = minorDigits(currency);
  const match = /^\s*(-)?(\d{1,15})(?:\.(\d*))?\s*$/.exec(text.replace(/[,_\s](?=\d{3})/g, ''));
  if (!match) return null;
  const fraction = match[3] ?? '';
  if (fraction.length > digits) return null;
  const amount = Number(match[2]! + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(amount)) return null;
  return { amount: match[1] && amount ? -amount : amount, currency };
}

/** Money for people: `{1999, USD}` → "$19.99" (en-US), "19,99 $US" (fr-FR). Display only. */
export function formatMoney(m: Money, locale?: string): string {
  const digits = minorDigits(m.currency);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      // Display only: amounts up to 2^53 minor units survive this conversion to a number exactly enough to print.
      Number(toDecimalString(m)),
    );
  } catch {
    return `${toDecimalString(m)} ${m.currency}`;
  }
}

/** Several currencies for people: "$1,250.00 + €30.00"; "—" when empty. */
export function formatTotals(totals: CurrencyTotals | Money[], locale?: string, first?: string): string {
  const list = Array.isArray(totals) ? totals : totalsToList(totals, first);
  return list.length ? list.map((m) => formatMoney(m, locale)).join(' + ') : '—';
}
