import { describe, expect, it } from 'vitest';
import { hashPassword, passwordWeaknesses, verifyPassword } from '../../src/server/auth/password';

describe('password hashing', () => {
  it('verifies the password it hashed, and only that one', async () => {
    const hash = await hashPassword('Tidal-Quartz-Lantern');
    expect(hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(hash).not.toContain('Tidal');
    expect(await verifyPassword('Tidal-Quartz-Lantern', hash)).toBe(true);
    expect(await verifyPassword('tidal-quartz-lantern', hash)).toBe(false);
    expect(await verifyPassword('Tidal-Quartz-Lantern ', hash)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('Same-Password-Twice'), hashPassword('Same-Password-Twice')]);
    expect(a).not.toBe(b);
  });

  it('never verifies against a missing or malformed hash', async () => {
    expect(await verifyPassword('anything-at-all', null)).toBe(false);
    expect(await verifyPassword('anything-at-all', 'bcrypt$whatever')).toBe(false);
    expect(await verifyPassword('anything-at-all', '')).toBe(false);
  });

  it('treats Unicode compositions of the same text as the same password (NFKC)', async () => {
    const hash = await hashPassword('Caf\u00e9-au-lait-2024');
    expect(await verifyPassword('Cafe\u0301-au-lait-2024', hash)).toBe(true);
  });
});

describe('password rules', () => {
  const context = { email: 'olivia.owner@example.test', name: 'Olivia Owner' };

  it('accepts a long, uncommon password', () => {
    expect(passwordWeaknesses('Tidal-Quartz-Lantern', context)).toEqual([]);
  });

  it.each(['password123', 'qwertyuiop', 'PASSWORD123', '1234567890'])('refuses the common password %s', (password) => {
    expect(passwordWeaknesses(password, context)).toEqual([{ path: 'password', message: expect.stringContaining('common') }]);
  });

  it('refuses a password containing the e-mail’s name part, naming the given field', () => {
    expect(passwordWeaknesses('my-Olivia.Owner-2024', context, 'newPassword')).toEqual([
      { path: 'newPassword', message: expect.stringContaining('e-mail') },
    ]);
    expect(passwordWeaknesses('olivia.owner@example.test', context)).toHaveLength(1);
  });

  it('refuses too few different characters', () => {
    expect(passwordWeaknesses('abababababab', context)).toEqual([{ path: 'password', message: expect.stringContaining('different characters') }]);
  });
});
