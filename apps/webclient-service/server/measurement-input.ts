import {
  MAX_MEASUREMENT_LABEL,
  MAX_MEASUREMENTS,
  MEASUREMENT_KINDS,
  MEASUREMENT_UNITS,
  type ImagePoint,
  type ListMeasurementsParams,
  type Measurement,
  type MeasurementKind,
  type SaveMeasurementsParams,
} from '@atrium/protocol';
import { isUid } from './browser-input.js';
import { webError } from './errors.js';

/**
 * Checks of the measurement events a browser sends. The Core Server checks
 * them again; the service checks first so that it relays nothing unbounded
 * and a malformed save is answered here with WEB_BAD_REQUEST naming the
 * field, without a round trip through the worker.
 */

/** Points each kind of measurement has. */
const POINTS_OF: Record<MeasurementKind, number> = { length: 2 };
/** Largest image coordinate (DICOM rows and columns are 16-bit). */
const MAX_COORDINATE = 65_536;
/** Longest measurement id, as the Core Server accepts it. */
const MAX_ID = 64;
/** Highest frame number: far beyond any multi-frame instance. */
const MAX_FRAME = 1_000_000;

/** Reads a `list-measurements` event. */
export function readListMeasurements(params: unknown): ListMeasurementsParams {
  const studyUid = (params as { studyUid?: unknown } | null)?.studyUid;
  if (!isUid(studyUid)) throw bad('list-measurements.studyUid must be a UID');
  return { studyUid };
}

/**
 * Reads a `save-measurements` event: a study and at most MAX_MEASUREMENTS
 * measurements, each copied with only its known fields.
 */
export function readSaveMeasurements(params: unknown): SaveMeasurementsParams {
  const { studyUid, measurements } = (params ?? {}) as {
    studyUid?: unknown;
    measurements?: unknown;
  };
  if (!isUid(studyUid)) throw bad('save-measurements.studyUid must be a UID');
  if (!Array.isArray(measurements)) {
    throw bad('save-measurements.measurements must be an array');
  }
  if (measurements.length > MAX_MEASUREMENTS) {
    throw bad(
      `save-measurements.measurements holds at most ${MAX_MEASUREMENTS} measurements`,
    );
  }

  const ids = new Set<string>();
  const read = measurements.map((item: unknown, i) => {
    const where = `save-measurements.measurements[${i}]`;
    const measurement = readMeasurement(item, where);
    if (ids.has(measurement.id)) throw bad(`${where}.id is used twice`);
    ids.add(measurement.id);
    return measurement;
  });
  return { studyUid, measurements: read };
}

function readMeasurement(item: unknown, where: string): Measurement {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw bad(`${where} must be an object`);
  }
  const fields = item as Record<string, unknown>;
  const { id, kind, seriesUid, sopInstanceUid, frame } = fields;

  const idOk =
    typeof id === 'string' && id.length <= MAX_ID && /^[\x21-\x7e]+$/.test(id);
  if (!idOk) {
    throw bad(`${where}.id must be 1 to ${MAX_ID} printable characters`);
  }
  if (!MEASUREMENT_KINDS.includes(kind as MeasurementKind)) {
    throw bad(`${where}.kind must be one of ${MEASUREMENT_KINDS.join(', ')}`);
  }
  if (!isUid(seriesUid)) throw bad(`${where}.seriesUid must be a UID`);
  if (!isUid(sopInstanceUid)) {
    throw bad(`${where}.sopInstanceUid must be a UID`);
  }
  const frameOk =
    Number.isInteger(frame) &&
    (frame as number) >= 1 &&
    (frame as number) <= MAX_FRAME;
  if (!frameOk) throw bad(`${where}.frame must be a frame number from 1`);

  const measuredKind = kind as MeasurementKind;
  return {
    id,
    kind: measuredKind,
    seriesUid,
    sopInstanceUid,
    frame: frame as number,
    points: readPoints(fields.points, POINTS_OF[measuredKind], where),
    ...readValue(fields, where),
    label: readLabel(fields.label, where),
  };
}

function readPoints(
  value: unknown,
  count: number,
  where: string,
): ImagePoint[] {
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
    throw bad(
      `${where}.points must be ${count} [column, row] points within ±${MAX_COORDINATE}`,
    );
  return value.map((point: ImagePoint) => [point[0], point[1]]);
}

function readValue(
  fields: Record<string, unknown>,
  where: string,
): Pick<Measurement, 'value' | 'unit'> {
  const { value, unit } = fields;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw bad(`${where}.value must be a finite number, 0 or more`);
  }
  if (!MEASUREMENT_UNITS.includes(unit as Measurement['unit'])) {
    throw bad(`${where}.unit must be one of ${MEASUREMENT_UNITS.join(', ')}`);
  }
  return { value, unit: unit as Measurement['unit'] };
}

function readLabel(value: unknown, where: string): string {
  if (value === undefined) return '';
  const ok =
    typeof value === 'string' &&
    value.length <= MAX_MEASUREMENT_LABEL &&
    !/\p{Cc}/u.test(value);
  if (!ok) {
    throw bad(
      `${where}.label must be at most ${MAX_MEASUREMENT_LABEL} characters without control characters`,
    );
  }
  return value;
}

function bad(message: string) {
  return webError('WEB_BAD_REQUEST', message);
}
