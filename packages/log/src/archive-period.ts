import { formatLocalDate } from './format-time.js';

/**
 * LogArchiveIntervalType: 1 daily, 2 weekly (ISO weeks, from Monday),
 * 3 monthly, 4 every `customIntervalDays` days.
 */
export type ArchiveIntervalType = 1 | 2 | 3 | 4;

export interface ArchiveOptions {
  intervalType: ArchiveIntervalType;
  /** Days per archive when `intervalType` is 4 (LogArchiveCustomInterval). */
  customIntervalDays?: number;
}

/** The archive period a moment falls in. */
export interface ArchivePeriod {
  /** Grows with time; a larger value is a later period. */
  order: number;
  /**
   * Names the period in archive file names: `2026-12-03` (daily),
   * `2026-W49` (weekly), `2026-12` (monthly), `2026-11-28_2026-12-04`
   * (every N days).
   */
  label: string;
}

const DAY_MS = 86_400_000;

/** The period of `date` (local time) under the archive options. */
export function findArchivePeriod(
  date: Date,
  archive: ArchiveOptions,
): ArchivePeriod {
  const day = countLocalDays(date);
  switch (archive.intervalType) {
    case 1:
      return { order: day, label: formatLocalDate(date) };
    case 2:
      return findIsoWeek(date, day);
    case 3:
      return {
        order: date.getFullYear() * 12 + date.getMonth(),
        label: formatLocalDate(date).slice(0, 7),
      };
    case 4:
      return findCustomPeriod(day, archive.customIntervalDays ?? 7);
  }
}

/** Days since 1970-01-01 of the local calendar date (ignores DST). */
function countLocalDays(date: Date): number {
  const utc = Date.UTC(date.getFullYear(), date.getMonth(), date.getDate());
  return Math.floor(utc / DAY_MS);
}

function findIsoWeek(date: Date, day: number): ArchivePeriod {
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
  const weekday = (day + 3) % 7;
  const monday = day - weekday;

  // The ISO year is that of the week's Thursday; week 1 holds January 4th.
  const thursday = new Date((monday + 3) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((monday + 3 - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
  return { order: monday, label: `${year}-W${String(week).padStart(2, '0')}` };
}

function findCustomPeriod(day: number, days: number): ArchivePeriod {
  // Counting periods from 1970-01-01 keeps them stable across restarts.
  const first = Math.floor(day / days) * days;
  const last = first + days - 1;
  const label =
    days === 1
      ? formatUtcDay(first)
      : `${formatUtcDay(first)}_${formatUtcDay(last)}`;
  return { order: first, label };
}

function formatUtcDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
