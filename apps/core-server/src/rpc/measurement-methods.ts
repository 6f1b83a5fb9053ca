import {
  MAX_MEASUREMENTS,
  MeasurementInputError,
  readMeasurementList,
  type ListMeasurementsResult,
  type SaveMeasurementsResult,
  type WatchStudyResult,
} from '@atrium/protocol';
import { coreError } from '../errors.js';
import { MAX_UID_LENGTH } from '../import/check-uids.js';
import {
  findForeignInstances,
  hasStudy,
  readMeasurements as readSaved,
  writeMeasurements,
} from '../studies/workspace-store.js';
import { sessionOf, type MethodHandler } from './call-context.js';

/** ListMeasurements: the caller's own measurements on a study. */
export const listMeasurementsMethod: MethodHandler = async (call, params) => {
  const studyUid = params.string('studyUid');
  params.finish();
  const { claims } = sessionOf(call);
  const result: ListMeasurementsResult = readSaved(
    call.services.db,
    claims.userId,
    studyUid,
  );
  return result;
};

/**
 * SaveMeasurements: replaces the caller's measurements on a study. Every
 * measurement must lie on an instance of that study. The AccessLog entry
 * names the study and the count, never labels or values; the caller's
 * other connections watching the study are told.
 */
export const saveMeasurementsMethod: MethodHandler = async (call, params) => {
  const studyUid = params.string('studyUid');
  const measurements = readMeasurementsParam(
    params.list('measurements', MAX_MEASUREMENTS),
  );
  params.finish();
  const { claims } = sessionOf(call);
  const { db, watchers } = call.services;
  call.note({ studyUid, count: measurements.length });

  if (!hasStudy(db, studyUid)) throw coreError('CORE_STUDY_NOT_FOUND');
  const foreign = findForeignInstances(
    db,
    studyUid,
    measurements.map((m) => m.sopInstanceUid),
  );
  if (foreign.length > 0) {
    throw coreError(
      'CORE_INSTANCE_NOT_FOUND',
      `Instance ${foreign[0]} is not part of study ${studyUid}`,
    );
  }

  const savedAt = writeMeasurements(db, claims.userId, studyUid, measurements);
  watchers.notify(studyUid, 'measurements', claims.userId);
  const result: SaveMeasurementsResult = {
    savedAt,
    count: measurements.length,
  };
  return result;
};

/**
 * WatchStudy: StudyChanged events for a study the caller may see. The
 * study must exist, so a watch cannot probe for UIDs that do not.
 */
export const watchStudyMethod: MethodHandler = async (call, params) => {
  const studyUid = params.string('studyUid');
  params.finish();
  const { db, watchers } = call.services;
  if (!hasStudy(db, studyUid)) throw coreError('CORE_STUDY_NOT_FOUND');
  const result: WatchStudyResult = {
    watching: watchers.watch(call.connection, studyUid),
  };
  return result;
};

/** UnwatchStudy: ends the events of one study on this connection. */
export const unwatchStudyMethod: MethodHandler = async (call, params) => {
  const studyUid = params.string('studyUid');
  params.finish();
  const result: WatchStudyResult = {
    watching: call.services.watchers.unwatch(call.connection, studyUid),
  };
  return result;
};

function readMeasurementsParam(items: unknown[]) {
  try {
    return readMeasurementList(items, 'measurements', MAX_UID_LENGTH);
  } catch (error) {
    if (!(error instanceof MeasurementInputError)) throw error;
    throw coreError('CORE_INVALID_PARAMS', error.message);
  }
}
