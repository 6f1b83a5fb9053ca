import type { Database } from 'better-sqlite3';
import {
  FIND_ATTRIBUTES,
  FROM_CLAUSES,
  UNIQUE_KEYS,
} from './find-attributes.js';
import { buildFilter, FindQueryError } from './find-query.js';
import {
  readText,
  type NaturalDataset,
  type QueryLevel,
} from './identifier.js';

/** One stored object to send. */
export interface StoredInstance {
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  filePath: string;
  studyUid: string;
}

const INSTANCE_COLUMNS = `i.sop_instance_uid AS sopInstanceUid,
  i.sop_class_uid AS sopClassUid,
  i.transfer_syntax_uid AS transferSyntaxUid,
  i.file_path AS filePath, s.study_uid AS studyUid`;

/**
 * The stored instances a C-MOVE or C-GET identifier names, by the unique
 * keys of its level and the levels above (PatientID, StudyInstanceUID,
 * SeriesInstanceUID, SOPInstanceUID; UIDs may be lists). An identifier
 * without any unique key is refused rather than read as "everything".
 */
export function selectInstances(
  db: Database,
  level: QueryLevel,
  identifier: NaturalDataset,
): StoredInstance[] {
  const depth = ['PATIENT', 'STUDY', 'SERIES', 'IMAGE'].indexOf(level);
  const keys = (['PATIENT', 'STUDY', 'SERIES', 'IMAGE'] as const)
    .slice(0, depth + 1)
    .map((candidate) => UNIQUE_KEYS[candidate])
    .filter((key) => readText(identifier[key]) !== '');
  if (!keys.includes(UNIQUE_KEYS[level])) {
    throw new FindQueryError(
      `A ${level} level retrieve needs ${UNIQUE_KEYS[level]}`,
    );
  }

  const filter = buildFilter(identifier, keys);
  return db
    .prepare(
      `SELECT ${INSTANCE_COLUMNS} ${FROM_CLAUSES.IMAGE}
       WHERE ${filter.where.join(' AND ')}
       ORDER BY se.id, i.instance_number, i.id`,
    )
    .all(...filter.params) as StoredInstance[];
}

/**
 * The stored instances of a study: all of them, or only those Atrium made
 * (results and reports, whose series carry Manufacturer "Atrium").
 */
export function selectStudyInstances(
  db: Database,
  studyUid: string,
  onlyAtriumMade: boolean,
): StoredInstance[] {
  const manufacturer = FIND_ATTRIBUTES.Manufacturer!.column;
  const atriumOnly = onlyAtriumMade
    ? `AND ${manufacturer} = '${ATRIUM_MANUFACTURER}' COLLATE NOCASE`
    : '';
  return db
    .prepare(
      `SELECT ${INSTANCE_COLUMNS} ${FROM_CLAUSES.IMAGE}
       WHERE s.study_uid = ? ${atriumOnly}
       ORDER BY se.id, i.instance_number, i.id`,
    )
    .all(studyUid) as StoredInstance[];
}

/**
 * The Manufacturer (0008,0070) Atrium writes into the objects it makes, so
 * a send with SendOriginalStudy=false can tell them from the original
 * images. Known limitation: Atrium makes no objects yet (workspaces and
 * reports come later), so such a send finds nothing to send today.
 */
export const ATRIUM_MANUFACTURER = 'Atrium';
