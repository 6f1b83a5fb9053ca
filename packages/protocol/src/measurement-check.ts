/**
 * The one check of measurements as clients send them, used by the
 * WebClient Service before it relays a save and by the Core Server before
 * it stores one, so both refuse the same things in the same words. Each
 * refusal names the item and field at fault; each side turns it into its
 * own error code.
 */
import {
  MAX_MEASUREMENT_LABEL,
  MAX_MEASUREMENTS,
  MEASUREMENT_KINDS,
  MEASUREMENT_UNITS,
  type ImagePoint,
  type Measurement,
  type MeasurementKind,
  type MeasurementUnit,
} from './core-measurements.js';

/** Why a list of measurements was refused, in words naming the field. */
export class MeasurementInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MeasurementInputError';
  }
}

/** Points each kind of measurement has. */
const POINTS_OF: Record<MeasurementKind, number> = { length: 2 };
/** Largest image coordinate (DICOM rows and columns are 16-bit). */
const MAX_COORDINATE = 65_536;
/** Longest measurement id. */
const MAX_ID = 64;
/** Highest frame number: far beyond any multi-frame instance. */
const MAX_FRAME = 1_000_000;
const FIELDS = new Set<string>([
  'id',
  'kind',
  'seriesUid',
  'sopInstanceUid',
  'frame',
  'points',
  'value',
  'unit',
  'label',
]);

/**
 * Checks a list of measurements and returns copies holding exactly the
 * known fields (a missing label is ''). `where` names the list in
 * messages; UIDs may be up to `maxUidLength` printable characters.
 * Throws MeasurementInputError.
 */
export function readMeasurementList(
  value: unknown,
  where: string,
  maxUidLength: number,
): Measurement[] {
  if (!Array.isArray(value)) throw refuse(`${where} must be a list`);
  if (value.length > MAX_MEASUREMENTS) {
    throw refuse(`${where} holds at most ${MAX_MEASUREMENTS} measurements`);
  }
  const ids = new Set<string>();
  return value.map((item: unknown, index) => {
    const at = `${where}[${index}]`;
    const measurement = readMeasurement(item, at, maxUidLength);
    if (ids.has(measurement.id)) throw refuse(`${at}.id is used twice`);
    ids.add(measurement.id);
    return measurement;
  });
}

function readMeasurement(
  item: unknown,
  at: string,
  maxUidLength: number,
): Measurement {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw refuse(`${at} must be an object`);
  }
  const fields = item as Record<string, unknown>;
  const extra = Object.keys(fields).find((name) => !FIELDS.has(name));
  if (extra !== undefined) throw refuse(`${at} has an unknown field ${extra}`);

  const kind = readChoice(fields.kind, MEASUREMENT_KINDS, `${at}.kind`);
  return {
    id: readText(fields.id, MAX_ID, `${at}.id`, 'printable characters'),
    kind,
    seriesUid: readText(fields.seriesUid, maxUidLength, `${at}.seriesUid`),
    sopInstanceUid: readText(
      fields.sopInstanceUid,
      maxUidLength,
      `${at}.sopInstanceUid`,
    ),
    frame: readFrame(fields.frame, `${at}.frame`),
    points: readPoints(fields.points, POINTS_OF[kind], `${at}.points`),
    value: readValue(fields.value, `${at}.value`),
    unit: readChoice<MeasurementUnit>(
      fields.unit,
      MEASUREMENT_UNITS,
      `${at}.unit`,
    ),
    label: readLabel(fields.label, `${at}.label`),
  };
}

// IDs and UIDs: printable ASCII without spaces, as UIDs found in files are.
function readText(
  value: unknown,
  max: number,
  at: string,
  what = 'printable characters (a UID)',
): string {
  const ok =
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= max &&
    /^[\x21-\x7e]+$/.test(value);
  if (!ok) throw refuse(`${at} must be 1 to ${max} ${what}`);
  return value;
}

function readChoice<T extends string>(
  value: unknown,
  choices: readonly T[],
  at: string,
): T {
  if (!choices.includes(value as T)) {
    throw refuse(`${at} must be one of ${choices.join(', ')}`);
  }
  return value as T;
}

function readFrame(value: unknown, at: string): number {
  const ok =
    Number.isInteger(value) &&
    (value as number) >= 1 &&
    (value as number) <= MAX_FRAME;
  if (!ok) throw refuse(`${at} must be a frame number from 1`);
  return value as number;
}

function readPoints(value: unknown, count: number, at: string): ImagePoint[] {
  const isPoint = (point: unknown): point is ImagePoint =>
    Array.isArray(point) &&
    point.length === 2 &&
    point.every(
      (c) =>
        typeof c === 'number' &&
        Number.isFinite(c) &&
        Math.abs(c) <= MAX_COORDINATE,
    );
  if (!Array.isArray(value) || value.length !== count || !value.every(isPoint))
    throw refuse(
      `${at} must be ${count} [column, row] points within ±${MAX_COORDINATE}`,
    );
  return value.map((point: ImagePoint) => [point[0], point[1]]);
}

/**
 * Largest value: a kilometre in mm, or a million pixels. The value is the
 * viewer's, from the frame's pixel spacing, which this check does not
 * know; the bound keeps absurd figures off reports.
 */
const MAX_VALUE = 1_000_000;

function readValue(value: unknown, at: string): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    value <= MAX_VALUE;
  if (!ok) throw refuse(`${at} must be a number from 0 to ${MAX_VALUE}`);
  return value as number;
}

// A label is shown on report pages and in the viewer: no control or
// invisible format characters (bidirectional overrides, zero-width marks),
// no line or paragraph separators, no lone surrogates or private-use
// characters, and none of the characters that draw nothing (the combining
// grapheme joiner, variation selectors, Hangul fillers, the blank braille
// pattern), so it reads as what it is.
export const LABEL_INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\u115f\u1160\u3164\uffa0\u2800]|\p{Variation_Selector}|\u034f/u;

function readLabel(value: unknown, at: string): string {
  if (value === undefined) return '';
  const ok =
    typeof value === 'string' &&
    value.length <= MAX_MEASUREMENT_LABEL &&
    !LABEL_INVISIBLE.test(value);
  if (!ok) {
    throw refuse(
      `${at} must be at most ${MAX_MEASUREMENT_LABEL} characters without control or invisible characters`,
    );
  }
  return value;
}

function refuse(message: string): MeasurementInputError {
  return new MeasurementInputError(message);
}
