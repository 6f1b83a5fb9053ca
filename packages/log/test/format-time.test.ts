import { afterEach, describe, expect, it } from 'vitest';
import { formatLocalDate, formatLocalTime } from '../src/format-time.js';

const savedZone = process.env.TZ;

afterEach(() => {
  process.env.TZ = savedZone;
});

describe('formatLocalTime', () => {
  it('writes UTC as +00:00, never as a bare Z', () => {
    process.env.TZ = 'UTC';
    expect(formatLocalTime(new Date('2026-12-04T16:20:01.123Z'))).toBe(
      '2026-12-04T16:20:01.123+00:00',
    );
  });

  it('writes the local time with a positive offset', () => {
    process.env.TZ = 'Europe/Berlin';
    expect(formatLocalTime(new Date('2026-12-04T16:20:01.005Z'))).toBe(
      '2026-12-04T17:20:01.005+01:00',
    );
    expect(formatLocalTime(new Date('2026-07-04T16:20:01.000Z'))).toBe(
      '2026-07-04T18:20:01.000+02:00',
    );
  });

  it('writes a negative offset with minutes', () => {
    process.env.TZ = 'America/St_Johns';
    expect(formatLocalTime(new Date('2026-12-04T02:00:00.000Z'))).toBe(
      '2026-12-03T22:30:00.000-03:30',
    );
  });

  it('round-trips through Date.parse', () => {
    process.env.TZ = 'Asia/Kolkata';
    const date = new Date('2026-12-04T16:20:01.123Z');
    expect(Date.parse(formatLocalTime(date))).toBe(date.getTime());
  });
});

describe('formatLocalDate', () => {
  it('writes the local calendar date', () => {
    process.env.TZ = 'Pacific/Auckland';
    expect(formatLocalDate(new Date('2026-12-04T12:00:00.000Z'))).toBe(
      '2026-12-05',
    );
  });
});
