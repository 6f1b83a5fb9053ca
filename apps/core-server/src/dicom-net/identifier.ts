/**
 * Reading and writing the attribute values of C-FIND, C-MOVE and C-GET
 * identifiers in the naturalised form dcmjs-dimse uses: texts, numbers,
 * arrays for several values and `{ Alphabetic }` objects for person names.
 */

/** A naturalised data set: keyword → value. */
export type NaturalDataset = Record<string, unknown>;

/** Query/retrieve levels. */
export type QueryLevel = 'PATIENT' | 'STUDY' | 'SERIES' | 'IMAGE';

const LEVELS: readonly QueryLevel[] = ['PATIENT', 'STUDY', 'SERIES', 'IMAGE'];

/** The QueryRetrieveLevel of an identifier, or undefined when not valid. */
export function readLevel(identifier: NaturalDataset): QueryLevel | undefined {
  const level = readText(identifier.QueryRetrieveLevel).toUpperCase();
  return LEVELS.find((known) => known === level);
}

/**
 * The value of an attribute as one text: several values joined with a
 * backslash (as DICOM writes them), person names by their alphabetic form,
 * padding trimmed, and '' for an empty or missing value.
 */
export function readText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    return value
      .map((item) => readText(item))
      .join('\\')
      .trim();
  }
  if (typeof value === 'object') {
    const name = value as { Alphabetic?: unknown };
    return readText(name.Alphabetic);
  }
  return String(value)
    .replace(/[\0 ]+$/, '')
    .trim();
}

/** A person name in the form dcmjs writes. */
export function personName(value: string): unknown {
  return value === '' ? '' : [{ Alphabetic: value }];
}

/** Several values (backslash-separated text) as a list. */
export function multiValue(value: string): string[] {
  return value === '' ? [] : value.split('\\');
}

/** True when a text holds only ASCII (no Specific Character Set needed). */
export function isAscii(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(value);
}
