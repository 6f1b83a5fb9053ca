import { describe, expect, it } from 'vitest';
import { findArchivePeriod } from '../src/archive-period.js';

const local = (y: number, m: number, d: number, h = 12) =>
  new Date(y, m - 1, d, h);

describe('findArchivePeriod', () => {
  it('names a day by its local date and changes at local midnight', () => {
    const late = findArchivePeriod(new Date(2026, 11, 3, 23, 59, 59, 999), {
      intervalType: 1,
    });
    const early = findArchivePeriod(new Date(2026, 11, 4, 0, 0), {
      intervalType: 1,
    });
    expect(late.label).toBe('2026-12-03');
    expect(early.label).toBe('2026-12-04');
    expect(early.order).toBeGreaterThan(late.order);
  });

  it('names a week by its ISO week, from Monday to Sunday', () => {
    const weekly = { intervalType: 2 } as const;
    // 2026-11-30 is a Monday, 2026-12-06 a Sunday.
    expect(findArchivePeriod(local(2026, 11, 30), weekly).label).toBe(
      '2026-W49',
    );
    expect(findArchivePeriod(local(2026, 12, 6, 23), weekly).label).toBe(
      '2026-W49',
    );
    expect(findArchivePeriod(local(2026, 12, 7, 0), weekly).label).toBe(
      '2026-W50',
    );
    expect(findArchivePeriod(local(2026, 12, 6), weekly).order).toBe(
      findArchivePeriod(local(2026, 11, 30), weekly).order,
    );
  });

  it('gives days around New Year the ISO week-year of their Thursday', () => {
    const weekly = { intervalType: 2 } as const;
    expect(findArchivePeriod(local(2026, 1, 1), weekly).label).toBe('2026-W01');
    expect(findArchivePeriod(local(2027, 1, 1), weekly).label).toBe('2026-W53');
    expect(findArchivePeriod(local(2025, 12, 29), weekly).label).toBe(
      '2026-W01',
    );
    expect(findArchivePeriod(local(2021, 1, 3), weekly).label).toBe('2020-W53');
  });

  it('names a month by year and month', () => {
    const monthly = { intervalType: 3 } as const;
    expect(findArchivePeriod(local(2026, 12, 31, 23), monthly).label).toBe(
      '2026-12',
    );
    expect(findArchivePeriod(local(2027, 1, 1, 0), monthly).label).toBe(
      '2027-01',
    );
    expect(findArchivePeriod(local(2027, 1, 1), monthly).order).toBe(
      findArchivePeriod(local(2026, 12, 1), monthly).order + 1,
    );
  });

  it('cuts custom periods of N days counted from 1970, named by their first and last day', () => {
    const custom = { intervalType: 4, customIntervalDays: 10 } as const;
    // Day 20600 since 1970 is 2026-05-27: periods start on multiples of 10.
    expect(findArchivePeriod(local(2026, 5, 27), custom).label).toBe(
      '2026-05-27_2026-06-05',
    );
    expect(findArchivePeriod(local(2026, 6, 5, 23), custom).label).toBe(
      '2026-05-27_2026-06-05',
    );
    expect(findArchivePeriod(local(2026, 6, 6, 0), custom).label).toBe(
      '2026-06-06_2026-06-15',
    );
  });

  it('names a one-day custom period by its single date', () => {
    const custom = { intervalType: 4, customIntervalDays: 1 } as const;
    expect(findArchivePeriod(local(2026, 12, 3), custom).label).toBe(
      '2026-12-03',
    );
  });
});
