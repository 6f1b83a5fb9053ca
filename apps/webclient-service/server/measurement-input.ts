import {
  MeasurementInputError,
  readMeasurementList,
  type ListMeasurementsParams,
  type SaveMeasurementsParams,
} from '@atrium/protocol';
import { isUid, MAX_UID_CHARACTERS } from './browser-input.js';
import { webError } from './errors.js';

/**
 * Checks of the measurement events a browser sends. The Core Server checks
 * them again; the service checks first so that it relays nothing unbounded
 * and a malformed save is answered here with WEB_BAD_REQUEST naming the
 * field, without a round trip through the worker.
 */

/** Reads a `list-measurements` event. */
export function readListMeasurements(params: unknown): ListMeasurementsParams {
  const studyUid = (params as { studyUid?: unknown } | null)?.studyUid;
  if (!isUid(studyUid)) throw bad('list-measurements.studyUid must be a UID');
  return { studyUid };
}

/**
 * Reads a `save-measurements` event: a study and at most MAX_MEASUREMENTS
 * measurements, checked as the Core Server checks them (measurement-check
 * in @atrium/protocol).
 */
export function readSaveMeasurements(params: unknown): SaveMeasurementsParams {
  const { studyUid, measurements } = (params ?? {}) as {
    studyUid?: unknown;
    measurements?: unknown;
  };
  if (!isUid(studyUid)) throw bad('save-measurements.studyUid must be a UID');
  try {
    return {
      studyUid,
      measurements: readMeasurementList(
        measurements,
        'save-measurements.measurements',
        MAX_UID_CHARACTERS,
      ),
    };
  } catch (error) {
    if (error instanceof MeasurementInputError) throw bad(error.message);
    throw error;
  }
}

function bad(message: string) {
  return webError('WEB_BAD_REQUEST', message);
}
