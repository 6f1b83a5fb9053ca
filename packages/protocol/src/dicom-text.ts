/**
 * How DICOM dates and person names are shown to people, the same in the
 * viewer's overlay, the study list and the report page.
 */

/**
 * Shows a DICOM date (YYYYMMDD) as YYYY-MM-DD. A date that is not a real
 * calendar day is shown with what can be read of it and flagged, e.g.
 * "2012 (invalid date 20120000)", so it is neither mistaken for a real
 * date nor hidden.
 */
export function formatDicomDate(value: string | null | undefined): string {
  if (!value) return '';
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) return `${value} (invalid date)`;
  const [, yearText, monthText, dayText] = match as unknown as string[];
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const realDay = new Date(Date.UTC(year, month - 1, day));
  const valid =
    year > 0 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    realDay.getUTCMonth() === month - 1 &&
    realDay.getUTCDate() === day;
  if (valid) return `${yearText}-${monthText}-${dayText}`;
  if (year === 0) return `invalid date ${value}`;
  const known =
    month >= 1 && month <= 12 ? `${yearText}-${monthText}` : yearText;
  return `${known} (invalid date ${value})`;
}

/** Shows a DICOM person name (Family^Given^Middle) as "Family, Given Middle". */
export function formatPersonName(value: string | null | undefined): string {
  if (!value) return '';
  const [family = '', given = '', middle = ''] = value
    .split('=')[0]!
    .split('^');
  const rest = [given, middle].filter(Boolean).join(' ');
  return rest ? `${family}, ${rest}` : family;
}
