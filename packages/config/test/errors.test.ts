import { AtriumError } from '@atrium/protocol';
import { describe, expect, it } from 'vitest';
import { ConfigError, configErrors } from '../src/errors.js';

describe('configErrors', () => {
  it('gives every code the CFG_ prefix, a message, a status and expose', () => {
    for (const [code, spec] of Object.entries(configErrors)) {
      expect(code).toMatch(/^CFG_[A-Z_]+$/);
      expect(spec.message.length).toBeGreaterThan(10);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(typeof spec.expose).toBe('boolean');
    }
  });

  it('makes ConfigErrors that are AtriumErrors and carry file, key and line', () => {
    const error = new ConfigError('CFG_INVALID_VALUE', 'one line', {
      file: '/d/serverconfig.ini',
      key: 'General.ClientPort',
      line: 3,
    });
    expect(error).toBeInstanceOf(AtriumError);
    expect(error).toMatchObject({
      code: 'CFG_INVALID_VALUE',
      file: '/d/serverconfig.ini',
      key: 'General.ClientPort',
      line: 3,
      expose: false,
    });
    expect(error.toWire()).toEqual({
      code: 'CFG_INVALID_VALUE',
      message: 'one line',
    });
  });
});
