/**
 * Turns a DICOM date (DA) into a sortable YYYYMMDD string, or null when the
 * value is not a real calendar date. Files keep their value as found; this
 * is only for sorting and range queries. Accepts the old ACR-NEMA form
 * YYYY.MM.DD and the ISO form YYYY-MM-DD as well.
 */
export function normaliseDicomDate(value: string | undefined): string | null {
  if (!value) return null;
  const match = /^(\d{4})[.-]?(\d{2})[.-]?(\d{2})$/.exec(value.trim());
  if (!match) return null;

  const [, y, m, d] = match as unknown as [string, string, string, string];
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;

  // Date.UTC rolls 31 February over into March; a real date survives as is.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return `${y}${m}${d}`;
}
