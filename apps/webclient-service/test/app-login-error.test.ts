import { describe, expect, it } from 'vitest';
import { decodeLoginError, encodeLoginError } from '../src/lib/login-error.js';

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
