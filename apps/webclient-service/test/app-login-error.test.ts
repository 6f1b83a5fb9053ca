import { describe, expect, it } from 'vitest';
import {
  ALREADY_LOGGED_IN,
  clearsPassword,
  decodeLoginError,
  describeLoginError,
  encodeLoginError,
  showTimesLocally,
} from '../src/lib/login-error.js';

describe('a refused login on its way to the form', () => {
  it('keeps the Core Server code and words together', () => {
    const error = {
      code: 'CORE_ACCOUNT_LOCKED',
      message:
        'The account is locked after too many failed logins; try again later',
    };
    expect(decodeLoginError(encodeLoginError(error))).toEqual(error);
  });

  it('keeps the details of a lock-out, and drops details that are not an object', () => {
    const error = {
      code: 'CORE_ACCOUNT_LOCKED',
      message: 'The account is locked after too many failed logins',
      details: { lockedUntil: '2026-12-04T13:02:00.000Z' },
    };
    expect(decodeLoginError(encodeLoginError(error))).toEqual(error);
    const odd = JSON.stringify({ code: 'X', message: 'm', details: [1] });
    expect(decodeLoginError(odd)).toEqual({ code: 'X', message: 'm' });
  });

  it('turns next-auth own codes into sentences', () => {
    expect(decodeLoginError('CredentialsSignin').message).toBe(
      'The user name or password is not correct',
    );
    expect(decodeLoginError(undefined).message).toBe(
      'The user name or password is not correct',
    );
    expect(decodeLoginError('Configuration').message).toBe(
      'Login failed; try again in a moment',
    );
  });

  it('shows any other text as it came', () => {
    expect(decodeLoginError('The Core Server cannot be reached')).toEqual({
      code: 'WEB_LOGIN_FAILED',
      message: 'The Core Server cannot be reached',
    });
  });
});

describe('login refusals as the form shows them', () => {
  it('writes the other session’s start as a readable local time, not ISO UTC', () => {
    const message =
      'drheart is already logged in from 127.0.0.1 since 2026-12-04T17:58:03.120Z; end that session or cancel';
    const shown = showTimesLocally(message, 'en-GB', 'Europe/Berlin');
    expect(shown).toContain('since 4 Dec 2026, 18:58;');
    expect(shown).not.toMatch(/T17:58|Z;/);
    expect(showTimesLocally('no time here')).toBe('no time here');
  });

  it('empties the password after a refusal unless the user may go on with it', () => {
    expect(clearsPassword({ code: 'CORE_AUTH_FAILED', message: '' })).toBe(
      true,
    );
    expect(clearsPassword({ code: 'CORE_ACCOUNT_LOCKED', message: '' })).toBe(
      true,
    );
    expect(clearsPassword({ code: ALREADY_LOGGED_IN, message: '' })).toBe(
      false,
    );
  });
});

describe('a lock-out as the form words it', () => {
  const now = new Date('2026-12-04T13:01:00.000Z');
  const locked = (lockedUntil: unknown) => ({
    code: 'CORE_ACCOUNT_LOCKED',
    message: 'The account is locked after too many failed logins',
    details: { lockedUntil },
  });

  it('says how long the lock lasts and when it ends, in local time', () => {
    const shown = describeLoginError(
      locked('2026-12-04T13:02:00.000Z'),
      now,
      'en-GB',
      'Europe/Berlin',
    );
    expect(shown).toBe(
      'This account is locked after too many failed logins. Try again in 1 minute (at 14:02).',
    );
  });

  it('rounds the wait up and counts long locks in hours', () => {
    const soon = describeLoginError(
      locked('2026-12-04T13:03:30.000Z'),
      now,
      'en-GB',
      'UTC',
    );
    expect(soon).toContain('Try again in 3 minutes (at 13:03)');
    const later = describeLoginError(
      locked('2026-12-04T16:01:00.000Z'),
      now,
      'en-GB',
      'UTC',
    );
    expect(later).toContain('Try again in 3 hours (at 16:01)');
  });

  it('names the day when the lock ends on another day', () => {
    const shown = describeLoginError(
      locked('2026-12-05T09:00:00.000Z'),
      now,
      'en-GB',
      'UTC',
    );
    expect(shown).toContain('(at 5 Dec 2026, 09:00)');
  });

  it('says a lock without an end lasts until an administrator unlocks it', () => {
    expect(describeLoginError(locked(null), now)).toBe(
      'This account is locked after too many failed logins, until an administrator unlocks it.',
    );
  });

  it('falls back to the Core Server words when the end is missing or unreadable', () => {
    const plain = {
      code: 'CORE_ACCOUNT_LOCKED',
      message: 'The account is locked; try again later',
    };
    expect(describeLoginError(plain, now)).toBe(plain.message);
    expect(describeLoginError(locked('soon'), now)).toBe(
      'The account is locked after too many failed logins',
    );
    expect(
      describeLoginError(
        { code: 'CORE_AUTH_FAILED', message: 'Wrong', details: {} },
        now,
      ),
    ).toBe('Wrong');
  });
});
