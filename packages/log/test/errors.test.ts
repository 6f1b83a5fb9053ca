import { AtriumError } from '@atrium/protocol';
import { describe, expect, it } from 'vitest';
import { logErrors, makeLogError } from '../src/errors.js';

describe('logErrors', () => {
  it('gives every code the LOG_ prefix, a message, a status and expose', () => {
    for (const [code, spec] of Object.entries(logErrors)) {
      expect(code).toMatch(/^LOG_[A-Z_]+$/);
      expect(spec.message.length).toBeGreaterThan(10);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(typeof spec.expose).toBe('boolean');
    }
  });

  it('builds AtriumErrors that keep their code', () => {
    const error = makeLogError('LOG_DIR_FAILED');
    expect(error).toBeInstanceOf(AtriumError);
    expect(error.toWire()).toEqual({
      code: 'LOG_DIR_FAILED',
      message: logErrors.LOG_DIR_FAILED.message,
    });
  });
});
