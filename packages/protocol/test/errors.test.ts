import { describe, expect, it } from 'vitest';
import {
  AtriumError,
  defineErrors,
  errorFromWire,
  type WireError,
} from '../src/errors.js';

const makeError = defineErrors({
  TST_BUSY: { message: 'Busy', status: 409, expose: true },
});

describe('errors on the wire', () => {
  it('carry code and message, and details only when there are some', () => {
    expect(makeError('TST_BUSY').toWire()).toEqual({
      code: 'TST_BUSY',
      message: 'Busy',
    });
    const withDetails = makeError('TST_BUSY', 'Busy since 08:00', {
      since: '08:00',
    });
    expect(withDetails.toWire()).toEqual({
      code: 'TST_BUSY',
      message: 'Busy since 08:00',
      details: { since: '08:00' },
    });
    expect(withDetails.status).toBe(409);
  });

  it('are rebuilt with their details, and details that are not an object are dropped', () => {
    const wire: WireError = {
      code: 'TST_BUSY',
      message: 'Busy',
      details: { otherSession: { client: '10.0.0.1' } },
    };
    const rebuilt = errorFromWire(wire);
    expect(rebuilt).toBeInstanceOf(AtriumError);
    expect(rebuilt.details).toEqual({ otherSession: { client: '10.0.0.1' } });

    const odd = errorFromWire({
      code: 'TST_BUSY',
      message: 'Busy',
      details: ['x'] as unknown as Record<string, unknown>,
    });
    expect(odd.details).toBeUndefined();
  });
});
