import { describe, expect, it } from 'vitest';
import { checkFilter, FILTER_MAX_DEPTH, type FilterCustomField } from '../../src/domain/filter';

const customFields: FilterCustomField[] = [
  { key: 'budget', type: 'number' },
  { key: 'renewal', type: 'date' },
  { key: 'vip', type: 'boolean' },
  { key: 'tier', type: 'select', options: ['gold', 'silver'] },
  { key: 'channels', type: 'multiselect', options: [{ value: 'email' }, { value: 'sms' }] },
  { key: 'site', type: 'url' },
];
const ctx = { customFields };

const errorsOf = (input: unknown) => {
  const r = checkFilter(input, ctx);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

describe('filter language', () => {
  it('accepts and/or/not trees over every op and normalises times', () => {
    const r = checkFilter(
      {
        and: [
          { field: 'status', op: 'in', value: ['active', 'trial'] },
          { or: [{ field: 'tags', op: 'contains', value: 'VIP' }, { not: { field: 'city', op: 'startsWith', value: 'Ber' } }] },
          { field: 'createdAt', op: 'between', value: ['2026-01-01', '2026-02-01T10:00:00+01:00'] },
          { field: 'healthScore', op: 'gte', value: 50 },
          { field: 'lastActivityAt', op: 'isEmpty' },
          { field: 'isGuest', op: 'eq', value: false },
          { field: 'custom.budget', op: 'lt', value: 1000.5 },
          { field: 'custom.renewal', op: 'between', value: ['2026-01-01', '2026-12-31'] },
          { field: 'custom.vip', op: 'eq', value: true },
          { field: 'custom.tier', op: 'in', value: ['gold'] },
          { field: 'custom.channels', op: 'contains', value: 'sms' },
          { field: 'custom.site', op: 'contains', value: 'example' },
        ],
      },
      ctx,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const and = (r.filter as { and: { value?: unknown }[] }).and;
    expect(and[2]!.value).toEqual(['2026-01-01T00:00:00.000Z', '2026-02-01T09:00:00.000Z']);
  });

  it('names the path of an unknown field, a wrong op and a bad value', () => {
    expect(errorsOf({ and: [{ field: 'status', op: 'eq', value: 'active' }, { field: 'shoeSize', op: 'eq', value: 1 }] })[0]!.path).toBe('filter.and[1].field');
    expect(errorsOf({ and: [{ field: 'status', op: 'eq', value: 'active' }, { field: 'status', op: 'gt', value: 'active' }] })[0]!.path).toBe('filter.and[1].op');
    expect(errorsOf({ and: [{ field: 'status', op: 'eq', value: 'active' }, { field: 'status', op: 'nope', value: 'x' }] })[0]!.path).toBe('filter.and[1].op');
    expect(errorsOf({ field: 'status', op: 'eq', value: 'sleeping' })[0]).toMatchObject({ path: 'filter.value', message: expect.stringContaining('prospect') });
    expect(errorsOf({ field: 'healthScore', op: 'gt', value: '50' })[0]!.path).toBe('filter.value');
    expect(errorsOf({ field: 'createdAt', op: 'gt', value: 'yesterday' })[0]!.path).toBe('filter.value');
    expect(errorsOf({ field: 'status', op: 'in', value: ['active', 'zzz'] })[0]!.path).toBe('filter.value[1]');
    expect(errorsOf({ not: { field: 'custom.budget', op: 'contains', value: 'x' } })[0]!.path).toBe('filter.not.op');
    expect(errorsOf({ or: [{ field: 'custom.nothere', op: 'eq', value: 'x' }] })[0]!.path).toBe('filter.or[0].field');
    expect(errorsOf({ field: 'custom.tier', op: 'eq', value: 'bronze' })[0]!.path).toBe('filter.value');
    expect(errorsOf({ field: 'custom.renewal', op: 'eq', value: '2026-02-30' })[0]!.path).toBe('filter.value');
    expect(errorsOf({ field: 'healthScore', op: 'between', value: [80, 20] })[0]!.path).toBe('filter.value');
    expect(errorsOf({ field: 'city', op: 'isEmpty', value: 'x' })[0]!.path).toBe('filter.value');
    expect(errorsOf({ field: 'city', op: 'eq' })[0]!.path).toBe('filter.value');
    expect(errorsOf({ field: 'city', op: 'eq', value: 'x', extra: 1 })[0]!.path).toBe('filter.extra');
    expect(errorsOf({ and: [] })[0]!.path).toBe('filter.and');
    expect(errorsOf({ and: [{ field: 'city', op: 'eq', value: 'x' }], or: [] })[0]!.path).toBe('filter.or');
    expect(errorsOf([1])[0]!.path).toBe('filter');
    expect(errorsOf({ field: '__proto__', op: 'eq', value: 1 })[0]!.path).toBe('filter.field');
    expect(errorsOf({ field: 'toString', op: 'eq', value: 1 })[0]!.path).toBe('filter.field');
  });

  it('limits depth and the number of conditions', () => {
    let deep: unknown = { field: 'city', op: 'eq', value: 'x' };
    for (let i = 0; i < FILTER_MAX_DEPTH; i++) deep = { not: deep };
    expect(errorsOf(deep)[0]!.message).toMatch(/deep/);
    const many = { or: Array.from({ length: 60 }, () => ({ and: [{ field: 'city', op: 'eq', value: 'x' }, { field: 'city', op: 'eq', value: 'y' }] })) };
    expect(errorsOf(many)[0]).toMatchObject({ path: 'filter', message: expect.stringMatching(/120 conditions/) });
  });

  it('without definitions checks custom fields by shape only', () => {
    expect(checkFilter({ field: 'custom.anything', op: 'eq', value: 'x' }).ok).toBe(true);
    const r = checkFilter({ field: 'custom.Bad-Key', op: 'eq', value: 'x' });
    expect(r.ok).toBe(false);
  });
});
