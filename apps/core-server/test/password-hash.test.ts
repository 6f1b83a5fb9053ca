import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../src/users/password-hash.js';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct hors', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('stores scrypt with its parameters and never the password itself', async () => {
    const stored = await hashPassword('Sekrit-123');
    expect(stored).toMatch(
      /^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
    );
    expect(stored).not.toContain('Sekrit');
  });

  it('salts every hash, so one password gives two different hashes', async () => {
    const a = await hashPassword('same');
    const b = await hashPassword('same');
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('honours the cost written in the stored hash', async () => {
    const cheap = await hashPassword('pw', { log2N: 10, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$10$8$1$')).toBe(true);
    expect(await verifyPassword('pw', cheap)).toBe(true);
  });

  it('never matches a stored hash it cannot read', async () => {
    expect(await verifyPassword('pw', 'plain:pw')).toBe(false);
    expect(await verifyPassword('pw', 'scrypt$99$8$1$AAAA$BBBB')).toBe(false);
    expect(await verifyPassword('pw', '')).toBe(false);
  });
});
