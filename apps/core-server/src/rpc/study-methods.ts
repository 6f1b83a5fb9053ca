import type { StudySortKey } from '@atrium/protocol';
import {
  loadMissingStudy,
  type StudyKey,
} from '../dicom-net/retrieve-on-demand.js';
import { coreError } from '../errors.js';
import { getStudy } from '../studies/get-study.js';
import { listStudies } from '../studies/list-studies.js';
import { markStudyRead } from '../studies/mark-study-read.js';
import type { MethodHandler } from './call-context.js';

const SORT_KEYS: readonly StudySortKey[] = [
  'date',
  'name',
  'id',
  'accession',
  'modality',
];

/** ListStudies: one page of the study list, capped by MaximumQueryResults. */
export const listStudiesMethod: MethodHandler = async (call, params) => {
  const query = {
    patientName: params.optionalString('patientName', 256),
    patientId: params.optionalString('patientId', 256),
    accessionNumber: params.optionalString('accessionNumber', 256),
    studyDateFrom: params.optionalString('studyDateFrom', 10),
    studyDateTo: params.optionalString('studyDateTo', 10),
    modality: params.optionalStringOrList('modality'),
    offset: params.optionalInteger('offset', 0, Number.MAX_SAFE_INTEGER),
    limit: params.optionalInteger('limit', 1, Number.MAX_SAFE_INTEGER),
    sortBy: params.optionalChoice('sortBy', SORT_KEYS),
    sortOrder: params.optionalChoice('sortOrder', ['asc', 'desc'] as const),
  };
  params.finish();
  return listStudies(call.services.db, dropUndefined(query), {
    maximumQueryResults: call.services.maximumQueryResults,
  });
};

/** GetStudy: one study with its series and instances. */
export const getStudyMethod: MethodHandler = async (call, params) => {
  const studyUid = params.string('studyUid', 64);
  params.finish();
  return readStudy(call.services.db, studyUid);
};

/**
 * LoadStudy: as GetStudy, by Study Instance UID or Accession Number, and
 * records the study's last read time. A study the database does not hold
 * is retrieved from the default Query/Retrieve node (retrieve-on-demand.ts).
 */
export const loadStudyMethod: MethodHandler = async (call, params) => {
  const key = {
    studyUid: params.optionalString('studyUid', 64),
    accessionNumber: params.optionalString('accessionNumber', 64),
  };
  params.finish();
  if (!key.studyUid === !key.accessionNumber) {
    throw coreError(
      'CORE_INVALID_PARAMS',
      'LoadStudy needs either studyUid or accessionNumber, not both',
    );
  }
  call.note(
    key.studyUid ? { study: key.studyUid } : { accession: key.accessionNumber },
  );

  const { db } = call.services;
  const studyUid =
    findLocalStudy(db, key) ?? (await loadMissingStudy(call, key));
  if (!markStudyRead(db, studyUid)) throw studyNotFound(studyUid);
  return readStudy(db, studyUid);
};

/** The Study Instance UID of a study held here, newest first by accession. */
function findLocalStudy(
  db: Parameters<typeof getStudy>[0],
  key: StudyKey,
): string | undefined {
  const sql = key.studyUid
    ? 'SELECT study_uid FROM studies WHERE study_uid = ?'
    : `SELECT study_uid FROM studies WHERE accession_number = ? COLLATE NOCASE
       ORDER BY study_date_sort IS NULL, study_date_sort DESC, id DESC LIMIT 1`;
  return db
    .prepare(sql)
    .pluck()
    .get(key.studyUid ?? key.accessionNumber) as string | undefined;
}

/** GetFrame: the decoded pixels of one frame, answered in binary. */
export const getFrameMethod: MethodHandler = async (call, params) => {
  const sopInstanceUid = params.string('sopInstanceUid', 64);
  const frameIndex = params.integer('frameIndex', 0, 0xffff_ffff);
  params.finish();
  return call.services.frames.readFrame(sopInstanceUid, frameIndex);
};

function readStudy(db: Parameters<typeof getStudy>[0], studyUid: string) {
  const study = getStudy(db, studyUid);
  if (!study) throw studyNotFound(studyUid);
  return study;
}

function studyNotFound(studyUid: string) {
  return coreError(
    'CORE_STUDY_NOT_FOUND',
    `No study with the Study Instance UID ${studyUid} is in the image database`,
  );
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}
