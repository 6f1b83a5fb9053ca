import { describe, expect, it } from 'vitest';
import {
  TOO_MANY_SOCKETS,
  describeSocketRefusal,
} from '../src/lib/socket-refusal.js';

describe('a refused socket as a page words it', () => {
  it('says that too many tabs are open and what to do, not that the connection failed', () => {
    const shown = describeSocketRefusal({
      code: TOO_MANY_SOCKETS,
      message:
        'This session has too many windows open; close one and try again.',
    });
    expect(shown).toBe(
      'Atrium is open in too many tabs or windows of this login, so this one is not connected. Close one of the others, then reload this page.',
    );
    expect(shown).not.toMatch(/connection failed|cannot be reached/i);
  });

  it('gives the service’s reason for any other refusal, with the way out', () => {
    expect(
      describeSocketRefusal({
        code: 'WEB_SESSION_ENDED',
        message: 'This session has ended.',
      }),
    ).toBe(
      'The server did not connect this page: This session has ended. Reload the page to try again.',
    );
    expect(
      describeSocketRefusal({ code: 'WEB_X', message: 'No room left' }),
    ).toBe(
      'The server did not connect this page: No room left. Reload the page to try again.',
    );
  });

  it('still says something useful without a reason', () => {
    for (const error of [undefined, { code: 'WEB_X', message: '  ' }]) {
      expect(describeSocketRefusal(error)).toBe(
        'The server did not connect this page. Reload the page to try again.',
      );
    }
  });
});
