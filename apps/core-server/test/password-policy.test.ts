import { describe, expect, it } from 'vitest';
import {
  checkNewPassword,
  isPasswordExpired,
  RELAXED_PASSWORD_RULES,
} from '../src/users/password-policy.js';

const enforced = { ...RELAXED_PASSWORD_RULES, enforced: true };

describe('password rules', () => {
  it('accept any non-empty password when not enforced', () => {
    expect(checkNewPassword('a', RELAXED_PASSWORD_RULES)).toBe('a');
    expect(() => checkNewPassword('', RELAXED_PASSWORD_RULES)).toThrow(/empty/);
    expect(() => checkNewPassword(42, RELAXED_PASSWORD_RULES)).toThrow();
  });

  it('refuse very long passwords to bound hashing work', () => {
    expect(() =>
      checkNewPassword('x'.repeat(257), RELAXED_PASSWORD_RULES),
    ).toThrow(/at most 256/);
  });

  it('accept six characters with a lower-case letter, an upper-case letter and a digit when enforced', () => {
    expect(checkNewPassword('Abcde1', enforced)).toBe('Abcde1');
    expect(checkNewPassword('1aB234', enforced)).toBe('1aB234');
    // No other character class is needed, and the user ID may appear.
    expect(checkNewPassword('Jdoe2024', enforced)).toBe('Jdoe2024');
  });

  it('refuse five characters even with every class when enforced', () => {
    expect(() => checkNewPassword('Abcd1', enforced)).toThrow(
      'The password needs at least 6 characters',
    );
  });

  it('name each missing class when enforced', () => {
    expect(() => checkNewPassword('ABCDEF1', enforced)).toThrow(
      'The password needs a lower-case letter',
    );
    expect(() => checkNewPassword('abcdef1', enforced)).toThrow(
      'The password needs an upper-case letter',
    );
    expect(() => checkNewPassword('Abcdefg!', enforced)).toThrow(
      'The password needs a digit',
    );
    expect(() => checkNewPassword('ab', enforced)).toThrow(
      'The password needs at least 6 characters, an upper-case letter and a digit',
    );
  });

  it('report the typed error code', () => {
    expect(() => checkNewPassword('abcdefg', enforced)).toThrow(
      expect.objectContaining({ code: 'CORE_PASSWORD_REJECTED', status: 400 }),
    );
  });

  it('expire a password only when PasswordExpiryThreshold is set', () => {
    const changed = '2030-01-01T00:00:00Z';
    const later = new Date('2030-03-01T00:00:00Z');
    expect(isPasswordExpired(changed, RELAXED_PASSWORD_RULES, later)).toBe(
      false,
    );
    const rules = { ...RELAXED_PASSWORD_RULES, expiryDays: 30 };
    expect(isPasswordExpired(changed, rules, later)).toBe(true);
    expect(
      isPasswordExpired(changed, rules, new Date('2030-01-20T00:00:00Z')),
    ).toBe(false);
  });
});
