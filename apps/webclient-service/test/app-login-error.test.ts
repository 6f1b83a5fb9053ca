import { describe, expect, it } from 'vitest';
import {
  ALREADY_LOGGED_IN,
  clearsPassword,
  decodeLoginError,
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
