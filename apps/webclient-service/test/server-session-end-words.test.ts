import { describe, expect, it } from 'vitest';
import { describeSessionEnd } from '../server/session-end-words.js';

describe('why a session ended, in a clinician’s words', () => {
  it('names each Core Server reason plainly', () => {
    expect(describeSessionEnd('duplicate-login')).toMatch(
      /log in on another computer or browser/,
    );
    expect(describeSessionEnd('idle')).toMatch(/not used for a while/);
    expect(describeSessionEnd('suspended')).toMatch(
      /administrator suspended your account/,
    );
    expect(describeSessionEnd('password-reset')).toMatch(
      /administrator reset your password/,
    );
    expect(describeSessionEnd('logout')).toMatch(/administrator ended/);
  });

  it('never shows the Core Server’s codes or jargon', () => {
    for (const reason of [
      'logout',
      'idle',
      'duplicate-login',
      'suspended',
      'deleted',
      'roles-changed',
      'password-reset',
      'server-stopping',
      'something-new',
    ]) {
      const words = describeSessionEnd(reason);
      expect(words).not.toMatch(/Core Server|ConnectionTimeout|-/);
      expect(words).toMatch(/^You were logged out/);
    }
  });
});
