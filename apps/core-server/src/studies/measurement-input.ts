import {
  MAX_MEASUREMENT_LABEL,
  MEASUREMENT_KINDS,
  MEASUREMENT_UNITS,
  type ImagePoint,
  type Measurement,
  type MeasurementKind,
} from '@atrium/protocol';
import { coreError } from '../errors.js';
import { MAX_UID_LENGTH } from '../import/check-uids.js';

/** Points each kind of measurement has. */
const POINTS_OF: Record<MeasurementKind, number> = { length: 2 };
/** Largest image coordinate accepted (DICOM rows and columns are 16-bit). */
const MAX_COORDINATE = 65_536;
const MAX_ID = 64;

/**
 * Checks the measurements of a SaveMeasurements call, item by item, and
 * returns them as plain objects with only the known fields, so nothing a
 * client adds is stored. Each problem names the item and field at fault.
 */
export function readMeasurements(items: readonly unknown[]): Measurement[] {
  const ids = new Set<string>();
  return items.map((item, index) => {
    const where = `measurements[${index}]`;
    const measurement = readMeasurement(item, where);
    if (ids.has(measurement.id)) {
      throw invalid(`${where}.id repeats the id ${measurement.id}`);
    }
    ids.add(measurement.id);
    return measurement;
  });
}

function readMeasurement(item: unknown, where: string): Measurement {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw invalid(`${where} must be an object`);
  }
  const fields = item as Record<string, unknown>;
  const known = new Set([
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
  const extra = Object.keys(fields).find((name) => !known.has(name));
  if (extra) throw invalid(`${where} has an unknown field ${extra}`);

  const kind = readChoice(fields.kind, MEASUREMENT_KINDS, `${where}.kind`);
  return {
    id: readText(fields.id, MAX_ID, `${where}.id`),
    kind,
    seriesUid: readText(fields.seriesUid, MAX_UID_LENGTH, `${where}.seriesUid`),
    sopInstanceUid: readText(
      fields.sopInstanceUid,
      MAX_UID_LENGTH,
      `${where}.sopInstanceUid`,
    ),
    frame: readFrame(fields.frame, `${where}.frame`),
    points: readPoints(fields.points, POINTS_OF[kind], `${where}.points`),
    value: readValue(fields.value, `${where}.value`),
    unit: readChoice(fields.unit, MEASUREMENT_UNITS, `${where}.unit`),
    label: readLabel(fields.label, `${where}.label`),
  };
}

function readText(value: unknown, max: number, where: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw invalid(`${where} must be a text of 1 to ${max} characters`);
  }
  return value;
}

function readLabel(value: unknown, where: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string' || value.length > MAX_MEASUREMENT_LABEL) {
    throw invalid(
      `${where} must be a text of at most ${MAX_MEASUREMENT_LABEL} characters`,
    );
  }
  // A label is shown on report pages and in logs: no control characters.
  if (/\p{Cc}/u.test(value)) {
    throw invalid(`${where} must not hold control characters`);
  }
  return value;
}

function readChoice<T extends string>(
  value: unknown,
  choices: readonly T[],
  where: string,
): T {
  if (typeof value !== 'string' || !choices.includes(value as T)) {
    throw invalid(`${where} must be one of ${choices.join(', ')}`);
  }
  return value as T;
}

function readFrame(value: unknown, where: string): number {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw invalid(`${where} must be a frame number from 1`);
  }
  return value as number;
}

function readValue(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(`${where} must be a finite number, 0 or more`);
  }
  return value;
}

function readPoints(
  value: unknown,
  count: number,
  where: string,
): ImagePoint[] {
  if (!Array.isArray(value) || value.length !== count) {
    throw invalid(`${where} must be a list of ${count} points`);
  }
  return value.map((point: unknown, index) => {
    if (
      !Array.isArray(point) ||
      point.length !== 2 ||
      !point.every(
        (c) =>
          typeof c === 'number' &&
          Number.isFinite(c) &&
          Math.abs(c) <= MAX_COORDINATE,
      )
    ) {
      throw invalid(
        `${where}[${index}] must be [column, row] within ±${MAX_COORDINATE}`,
      );
    }
    return [point[0] as number, point[1] as number];
  });
}

function invalid(message: string) {
  return coreError('CORE_INVALID_PARAMS', message);
}
