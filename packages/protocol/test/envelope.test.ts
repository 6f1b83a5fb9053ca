import { describe, expect, it } from 'vitest';
import { isRequestId, isRpcFailure } from '../src/envelope.js';

describe('request ids', () => {
  it('are whole numbers that fit 32 bits', () => {
    expect(isRequestId(1)).toBe(true);
    expect(isRequestId(0xffffffff)).toBe(true);
    expect(isRequestId(0)).toBe(false);
    expect(isRequestId(0x100000000)).toBe(false);
    expect(isRequestId(1.5)).toBe(false);
    expect(isRequestId('1')).toBe(false);
  });
});

describe('responses', () => {
  it('tell failures from results', () => {
    expect(isRpcFailure({ id: 1, error: { code: 'X', message: 'x' } })).toBe(
      true,
    );
    expect(isRpcFailure({ id: 1, result: {} })).toBe(false);
  });
});
