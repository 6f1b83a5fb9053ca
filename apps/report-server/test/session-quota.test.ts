import { describe, expect, it } from 'vitest';
import { AtriumError } from '@atrium/protocol';
import { SessionQuota } from '../src/session-quota.js';

const refusal = () =>
  new AtriumError('REPORT_TOO_MANY', 'full', { status: 429 });

describe('a session quota', () => {
  it('gives each session its own places and refuses past the limit', () => {
    const quota = new SessionQuota(2, refusal);
    const first = quota.take('a');
    quota.take('a');
    expect(() => quota.take('a')).toThrow('full');
    expect(() => quota.take('b')).not.toThrow();
    first();
    expect(() => quota.take('a')).not.toThrow();
    expect(quota.size).toBe(3);
  });

  it('gives a place back once however often it is released', () => {
    const quota = new SessionQuota(1, refusal);
    const release = quota.take('a');
    release();
    release();
    quota.take('a');
    expect(() => quota.take('a')).toThrow('full');
    expect(quota.size).toBe(1);
  });
});
