import { describe, expect, it } from 'vitest';
import {
  checkNewPassword,
  isPasswordExpired,
  RELAXED_PASSWORD_RULES,
} from '../src/users/password-policy.js';

const enforced = { ...RELAXED_PASSWORD_RULES, enforced: true };

describe('password rules', () => {
  it('accept any non-empty password when not enforced', () => {
    expect(checkNewPassword('a', 'jdoe', RELAXED_PASSWORD_RULES)).toBe('a');
    expect(() => checkNewPassword('', 'jdoe', RELAXED_PASSWORD_RULES)).toThrow(
      /empty/,
    );
    expect(() =>
      checkNewPassword(42, 'jdoe', RELAXED_PASSWORD_RULES),
    ).toThrow();
  });

  it('refuse very long passwords to bound hashing work', () => {
    expect(() =>
      checkNewPassword('x'.repeat(257), 'jdoe', RELAXED_PASSWORD_RULES),
    ).toThrow(/at most 256/);
  });

  it('ask for length, three character classes and no user ID when enforced', () => {
    expect(() => checkNewPassword('Ab1!', 'jdoe', enforced)).toThrow(/8/);
    expect(() => checkNewPassword('abcdefgh1', 'jdoe', enforced)).toThrow(
      /three/,
    );
    expect(() => checkNewPassword('xJDOE-2024x', 'jdoe', enforced)).toThrow(
      /user ID/,
    );
    expect(checkNewPassword('Cardio-2024', 'jdoe', enforced)).toBe(
      'Cardio-2024',
    );
  });

  it('report the typed error code', () => {
    expect(() => checkNewPassword('', 'jdoe', enforced)).toThrow(
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
