import { describe, expect, it } from 'vitest';
import {
  addMoney, applyBasisPoints, compareMoney, formatMoney, formatTotals, moneySchema, multiplyAmount, nonNegativeMoneySchema, parseDecimal, sumByCurrency, toDecimalString, totalsToList,
} from '../../src/domain/money';

describe('money', () => {
  it('takes integer minor units and known ISO 4217 codes only', () => {
    expect(moneySchema.parse({ amount: 1999, currency: 'usd' })).toEqual({ amount: 1999, currency: 'USD' });
    expect(moneySchema.safeParse({ amount: 19.99, currency: 'USD' }).success).toBe(false);
    expect(moneySchema.safeParse({ amount: 1, currency: 'XYZ' }).success).toBe(false);
    expect(moneySchema.safeParse({ amount: 2 ** 53, currency: 'USD' }).success).toBe(false);
    expect(nonNegativeMoneySchema.safeParse({ amount: -1, currency: 'USD' }).success).toBe(false);
  });

  it('multiplies and taxes exactly, rounding half away from zero', () => {
    expect(multiplyAmount(1999, 1.5)).toBe(2999); // 2998.5
    expect(multiplyAmount(3333, 3)).toBe(9999);
    expect(multiplyAmount(10, 0.0001)).toBe(0);
    expect(multiplyAmount(Number.MAX_SAFE_INTEGER, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(applyBasisPoints(12999, 825)).toBe(1072); // 1072.4175
    expect(applyBasisPoints(10, 500)).toBe(1); // 0.5
    expect(applyBasisPoints(-10, 500)).toBe(-1);
  });

  it('never mixes currencies; totals are per currency', () => {
    expect(addMoney({ amount: 1, currency: 'USD' }, { amount: 2, currency: 'USD' })).toEqual({ amount: 3, currency: 'USD' });
    expect(() => addMoney({ amount: 1, currency: 'USD' }, { amount: 2, currency: 'EUR' })).toThrow(/per currency/);
    expect(compareMoney({ amount: 1, currency: 'EUR' }, { amount: 2, currency: 'EUR' })).toBe(-1);
    const totals = sumByCurrency([{ amount: 1, currency: 'EUR' }, { amount: 5, currency: 'USD' }, { amount: 2, currency: 'EUR' }]);
    expect(totals).toEqual({ EUR: 3, USD: 5 });
    expect(totalsToList(totals, 'USD')).toEqual([{ amount: 5, currency: 'USD' }, { amount: 3, currency: 'EUR' }]);
  });

  it('formats and parses by the currency’s minor digits', () => {
    expect(toDecimalString({ amount: -1999, currency: 'USD' })).toBe('-19.99');
    expect(toDecimalString({ amount: 5, currency: 'KWD' })).toBe('0.005');
    expect(toDecimalString({ amount: 500, currency: 'JPY' })).toBe('500');
    expect(parseDecimal('1,234.5', 'USD')).toEqual({ amount: 123450, currency: 'USD' });
    expect(parseDecimal('0.1', 'JPY')).toBeNull();
    expect(parseDecimal('abc', 'USD')).toBeNull();
    expect(formatMoney({ amount: 123456, currency: 'EUR' }, 'en-US')).toBe('€1,234.56');
    expect(formatTotals({ EUR: 3000, USD: 125000 }, 'en-US', 'USD')).toBe('$1,250.00 + €30.00');
    expect(formatTotals({}, 'en-US')).toBe('—');
  });
});
