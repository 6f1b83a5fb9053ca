/**
 * ISO 8601 with milliseconds and the local offset, e.g.
 * `2026-12-04T16:20:01.123+01:00` (never a bare `Z`), as administrators'
 * log parsers expect.
 */
export function formatLocalTime(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const hours = pad(Math.floor(Math.abs(offset) / 60));
  const minutes = pad(Math.abs(offset) % 60);
  return (
    `${formatLocalDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:` +
    `${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}${sign}${hours}:${minutes}`
  );
}

/** The local calendar date as `YYYY-MM-DD`. */
export function formatLocalDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}
