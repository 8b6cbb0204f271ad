import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, parseSort } from '../../src/server/http/pagination';
import { AppError } from '../../src/server/http/problem';

function problemOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('cursors', () => {
  it('round-trip the sort value and id, URL-safe', () => {
    const values = ['2026-11-28T10:00:00.000Z', '01938a2b-7c3d-7000-8000-000000000001'];
    const cursor = encodeCursor(values);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 2)).toEqual(values);
    expect(decodeCursor(encodeCursor([null, 'id']), 2)).toEqual([null, 'id']);
    expect(decodeCursor(encodeCursor([42.5, 'id']), 2)).toEqual([42.5, 'id']);
  });

  it.each([
    ['not base64 JSON', 'garbage!'],
    ['the wrong length', encodeCursor(['only one'])],
    ['not an array', Buffer.from('{"a":1}').toString('base64url')],
    ['an object value', encodeCursor([{ a: 1 }, 'id'])],
    ['a boolean value', encodeCursor([true, 'id'])],
  ])('refuses %s with a 400 naming cursor', (_what, cursor) => {
    const error = problemOf(() => decodeCursor(cursor, 2));
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });
});

describe('parseSort', () => {
  const allowed = { name: 'c.display_name', createdAt: 'c.created_at' };

  it('reads field and -field, with a fallback', () => {
    expect(parseSort('name', allowed, 'createdAt')).toEqual({ column: 'c.display_name', direction: 'asc' });
    expect(parseSort('-createdAt', allowed, 'name')).toEqual({ column: 'c.created_at', direction: 'desc' });
    expect(parseSort(undefined, allowed, '-name')).toEqual({ column: 'c.display_name', direction: 'desc' });
  });

  it('refuses a field that is not allowed, naming sort', () => {
    const error = problemOf(() => parseSort('password_hash', allowed, 'name'));
    expect(error.status).toBe(400);
    expect(error.errors?.[0]?.path).toBe('sort');
  });
});
