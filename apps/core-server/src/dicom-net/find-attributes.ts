import type { QueryLevel } from './identifier.js';

/** How an attribute is matched and written back. */
export type MatchKind =
  'text' | 'person' | 'uid' | 'date' | 'time' | 'modalities' | 'number';

/** One attribute Atrium answers C-FIND on. */
export interface FindAttribute {
  /** Level the attribute belongs to. */
  level: QueryLevel;
  /** SQL expression of its value over the tables p, s, se, i. */
  column: string;
  kind: MatchKind;
  /** For dates: the normalised YYYYMMDD column to compare ranges on. */
  sortColumn?: string;
  /** Longest value its VR allows; longer ones found in files are cut. */
  max?: number;
  /**
   * Returned but never matched: counts are not matching keys, and an
   * empty binary value (Rows, Columns) reaches us as 0 from the library.
   */
  returnOnly?: true;
}

/**
 * The attributes of the image index that C-FIND can match and return, by
 * DICOM keyword. Patient attributes are also study keys (Study Root).
 */
export const FIND_ATTRIBUTES: Readonly<Record<string, FindAttribute>> = {
  PatientName: {
    level: 'PATIENT',
    column: 'p.patient_name',
    kind: 'person',
    max: 64,
  },
  PatientID: {
    level: 'PATIENT',
    column: 'p.patient_id',
    kind: 'text',
    max: 64,
  },
  PatientBirthDate: {
    level: 'PATIENT',
    column: 'p.birth_date',
    kind: 'date',
    sortColumn: 'p.birth_date_sort',
  },
  PatientSex: { level: 'PATIENT', column: 'p.sex', kind: 'text', max: 16 },
  NumberOfPatientRelatedStudies: {
    level: 'PATIENT',
    column: '(SELECT COUNT(*) FROM studies x WHERE x.patient_pk = p.id)',
    kind: 'number',
    returnOnly: true,
  },
  NumberOfPatientRelatedSeries: {
    level: 'PATIENT',
    column:
      '(SELECT COALESCE(SUM(x.series_count), 0) FROM studies x WHERE x.patient_pk = p.id)',
    kind: 'number',
    returnOnly: true,
  },
  NumberOfPatientRelatedInstances: {
    level: 'PATIENT',
    column:
      '(SELECT COALESCE(SUM(x.instance_count), 0) FROM studies x WHERE x.patient_pk = p.id)',
    kind: 'number',
    returnOnly: true,
  },

  StudyInstanceUID: { level: 'STUDY', column: 's.study_uid', kind: 'uid' },
  StudyDate: {
    level: 'STUDY',
    column: 's.study_date',
    kind: 'date',
    sortColumn: 's.study_date_sort',
  },
  StudyTime: { level: 'STUDY', column: 's.study_time', kind: 'time' },
  AccessionNumber: {
    level: 'STUDY',
    column: 's.accession_number',
    kind: 'text',
    max: 16,
  },
  StudyID: { level: 'STUDY', column: 's.study_id', kind: 'text', max: 16 },
  StudyDescription: {
    level: 'STUDY',
    column: 's.study_description',
    kind: 'text',
    max: 64,
  },
  ReferringPhysicianName: {
    level: 'STUDY',
    column: 's.referring_physician',
    kind: 'person',
    max: 64,
  },
  InstitutionName: {
    level: 'STUDY',
    column: 's.institution_name',
    kind: 'text',
    max: 64,
  },
  ModalitiesInStudy: {
    level: 'STUDY',
    column: 's.modalities',
    kind: 'modalities',
  },
  NumberOfStudyRelatedSeries: {
    level: 'STUDY',
    column: 's.series_count',
    kind: 'number',
    returnOnly: true,
  },
  NumberOfStudyRelatedInstances: {
    level: 'STUDY',
    column: 's.instance_count',
    kind: 'number',
    returnOnly: true,
  },

  SeriesInstanceUID: { level: 'SERIES', column: 'se.series_uid', kind: 'uid' },
  Modality: { level: 'SERIES', column: 'se.modality', kind: 'text', max: 16 },
  SeriesNumber: { level: 'SERIES', column: 'se.series_number', kind: 'number' },
  SeriesDescription: {
    level: 'SERIES',
    column: 'se.series_description',
    kind: 'text',
    max: 64,
  },
  SeriesDate: {
    level: 'SERIES',
    column: 'se.series_date',
    kind: 'date',
    sortColumn: 'se.series_date',
  },
  SeriesTime: { level: 'SERIES', column: 'se.series_time', kind: 'time' },
  BodyPartExamined: {
    level: 'SERIES',
    column: 'se.body_part',
    kind: 'text',
    max: 16,
  },
  ProtocolName: {
    level: 'SERIES',
    column: 'se.protocol_name',
    kind: 'text',
    max: 64,
  },
  Manufacturer: {
    level: 'SERIES',
    column: 'se.manufacturer',
    kind: 'text',
    max: 64,
  },
  NumberOfSeriesRelatedInstances: {
    level: 'SERIES',
    column: 'se.instance_count',
    kind: 'number',
    returnOnly: true,
  },

  SOPInstanceUID: {
    level: 'IMAGE',
    column: 'i.sop_instance_uid',
    kind: 'uid',
  },
  SOPClassUID: { level: 'IMAGE', column: 'i.sop_class_uid', kind: 'uid' },
  InstanceNumber: {
    level: 'IMAGE',
    column: 'i.instance_number',
    kind: 'number',
  },
  Rows: { level: 'IMAGE', column: 'i.rows', kind: 'number', returnOnly: true },
  Columns: {
    level: 'IMAGE',
    column: 'i.columns',
    kind: 'number',
    returnOnly: true,
  },
  NumberOfFrames: {
    level: 'IMAGE',
    column: 'i.frames',
    kind: 'number',
    returnOnly: true,
  },
};

/** The unique key of each level, always returned. */
export const UNIQUE_KEYS: Readonly<Record<QueryLevel, string>> = {
  PATIENT: 'PatientID',
  STUDY: 'StudyInstanceUID',
  SERIES: 'SeriesInstanceUID',
  IMAGE: 'SOPInstanceUID',
};

const DEPTH: Readonly<Record<QueryLevel, number>> = {
  PATIENT: 0,
  STUDY: 1,
  SERIES: 2,
  IMAGE: 3,
};

/** Whether an attribute of `owner` level can be used at `level`. */
export function isVisibleAt(owner: QueryLevel, level: QueryLevel): boolean {
  return DEPTH[owner] <= DEPTH[level];
}

/** The levels from PATIENT down to `level`. */
export function levelsDownTo(level: QueryLevel): QueryLevel[] {
  return (['PATIENT', 'STUDY', 'SERIES', 'IMAGE'] as const).filter(
    (candidate) => DEPTH[candidate] <= DEPTH[level],
  );
}

/** FROM clause joining every table a level needs. */
export const FROM_CLAUSES: Readonly<Record<QueryLevel, string>> = {
  PATIENT: 'FROM patients p',
  STUDY: 'FROM studies s JOIN patients p ON p.id = s.patient_pk',
  SERIES:
    'FROM series se JOIN studies s ON s.id = se.study_pk JOIN patients p ON p.id = s.patient_pk',
  IMAGE:
    'FROM instances i JOIN series se ON se.id = i.series_pk ' +
    'JOIN studies s ON s.id = se.study_pk JOIN patients p ON p.id = s.patient_pk',
};

/** Row id of each level, for a stable order. */
export const ROW_IDS: Readonly<Record<QueryLevel, string>> = {
  PATIENT: 'p.id',
  STUDY: 's.id',
  SERIES: 'se.id',
  IMAGE: 'i.id',
};
