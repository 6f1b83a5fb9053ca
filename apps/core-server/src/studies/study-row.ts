import type { StudySummary } from './study-types.js';

/** The columns of a study-list row; use with `FROM studies s JOIN patients p`. */
export const STUDY_COLUMNS = `
  s.study_uid, p.patient_name, p.patient_id, p.birth_date, p.sex,
  s.study_id, s.accession_number, s.study_date, s.study_date_sort,
  s.study_time, s.study_description, s.referring_physician,
  s.institution_name, s.modalities, s.series_count, s.instance_count,
  s.size_bytes, s.import_date, s.last_write, s.last_read`;

/** A row selected with STUDY_COLUMNS. */
export interface StudyRow {
  study_uid: string;
  patient_name: string;
  patient_id: string;
  birth_date: string;
  sex: string;
  study_id: string;
  accession_number: string;
  study_date: string;
  study_date_sort: string | null;
  study_time: string;
  study_description: string;
  referring_physician: string;
  institution_name: string;
  modalities: string;
  series_count: number;
  instance_count: number;
  size_bytes: number;
  import_date: string;
  last_write: string;
  last_read: string | null;
}

/** Separator of the study-level modalities list (as in ModalitiesInStudy). */
export const MODALITY_SEPARATOR = '\\';

/** Maps a study row to the typed study-list entry. */
export function toStudySummary(row: StudyRow): StudySummary {
  return {
    studyUid: row.study_uid,
    patientName: row.patient_name,
    patientId: row.patient_id,
    patientBirthDate: row.birth_date,
    patientSex: row.sex,
    studyId: row.study_id,
    accessionNumber: row.accession_number,
    studyDate: row.study_date,
    studyDateNormalised: row.study_date_sort,
    studyTime: row.study_time,
    studyDescription: row.study_description,
    referringPhysician: row.referring_physician,
    institutionName: row.institution_name,
    modalities: row.modalities ? row.modalities.split(MODALITY_SEPARATOR) : [],
    seriesCount: row.series_count,
    instanceCount: row.instance_count,
    sizeBytes: row.size_bytes,
    importDate: row.import_date,
    lastWrite: row.last_write,
    lastRead: row.last_read,
  };
}
