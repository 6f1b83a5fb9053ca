import type { Database } from 'better-sqlite3';
import { computeCineAxes } from './cine-axes.js';
import { STUDY_COLUMNS, toStudySummary, type StudyRow } from './study-row.js';
import type {
  InstanceDetail,
  PixelStatus,
  SeriesDetail,
  StudyDetail,
} from './study-types.js';

interface SeriesRow {
  id: number;
  series_uid: string;
  modality: string;
  series_number: number | null;
  series_description: string;
  series_date: string;
  series_time: string;
  body_part: string;
  protocol_name: string;
  manufacturer: string;
  model_name: string;
  institution_name: string;
  frame_of_reference_uid: string;
  instance_count: number;
}

interface InstanceRow {
  series_pk: number;
  sop_instance_uid: string;
  sop_class_uid: string;
  transfer_syntax_uid: string;
  instance_number: number | null;
  rows: number | null;
  columns: number | null;
  frames: number;
  bits_allocated: number | null;
  photometric_interpretation: string;
  image_position: string | null;
  image_orientation: string | null;
  slice_location: number | null;
  slice_thickness: number | null;
  trigger_time: number | null;
  cardiac_number_of_images: number | null;
  frame_time_ms: number | null;
  pixel_spacing: string | null;
  window_center: number | null;
  window_width: number | null;
  rescale_slope: number | null;
  rescale_intercept: number | null;
  has_pixel_data: number;
  pixel_status: PixelStatus;
  pixel_status_reason: string | null;
  file_size: number;
}

/**
 * Loads a study with its series and each series' instances, ordered by
 * series number and instance number; a cardiac cine series also carries
 * its slice and phase axes. Returns null when the study is not in the
 * image database.
 */
export function getStudy(db: Database, studyUid: string): StudyDetail | null {
  const read = db.transaction(() => {
    const study = db
      .prepare(
        `SELECT s.id, ${STUDY_COLUMNS}
         FROM studies s JOIN patients p ON p.id = s.patient_pk
         WHERE s.study_uid = ?`,
      )
      .get(studyUid) as (StudyRow & { id: number }) | undefined;
    if (!study) return null;

    const series = db
      .prepare(
        `SELECT * FROM series WHERE study_pk = ?
         ORDER BY series_number IS NULL, series_number,
                  series_date, series_time, id`,
      )
      .all(study.id) as SeriesRow[];
    const instances = db
      .prepare(
        `SELECT i.* FROM instances i JOIN series se ON se.id = i.series_pk
         WHERE se.study_pk = ?
         ORDER BY i.instance_number IS NULL, i.instance_number, i.id`,
      )
      .all(study.id) as InstanceRow[];
    return { study, series, instances };
  });

  const found = read();
  if (!found) return null;
  return {
    ...toStudySummary(found.study),
    series: found.series.map((row) => toSeriesDetail(row, found.instances)),
  };
}

function toSeriesDetail(
  row: SeriesRow,
  allInstances: InstanceRow[],
): SeriesDetail {
  const instances = allInstances
    .filter((instance) => instance.series_pk === row.id)
    .map(toInstanceDetail);
  return {
    seriesUid: row.series_uid,
    modality: row.modality,
    seriesNumber: row.series_number,
    seriesDescription: row.series_description,
    seriesDate: row.series_date,
    seriesTime: row.series_time,
    bodyPart: row.body_part,
    protocolName: row.protocol_name,
    manufacturer: row.manufacturer,
    modelName: row.model_name,
    institutionName: row.institution_name,
    frameOfReferenceUid: row.frame_of_reference_uid,
    instanceCount: row.instance_count,
    instances,
    cine: computeCineAxes(instances),
  };
}

function toInstanceDetail(row: InstanceRow): InstanceDetail {
  return {
    sopInstanceUid: row.sop_instance_uid,
    sopClassUid: row.sop_class_uid,
    transferSyntaxUid: row.transfer_syntax_uid,
    instanceNumber: row.instance_number,
    rows: row.rows,
    columns: row.columns,
    frames: row.frames,
    bitsAllocated: row.bits_allocated,
    photometricInterpretation: row.photometric_interpretation,
    imagePosition: parseVector(row.image_position),
    imageOrientation: parseVector(row.image_orientation),
    sliceLocation: row.slice_location,
    sliceThickness: row.slice_thickness,
    triggerTime: row.trigger_time,
    cardiacNumberOfImages: row.cardiac_number_of_images,
    frameTimeMs: row.frame_time_ms,
    pixelSpacing: parseVector(row.pixel_spacing),
    windowCenter: row.window_center,
    windowWidth: row.window_width,
    rescaleSlope: row.rescale_slope,
    rescaleIntercept: row.rescale_intercept,
    hasPixelData: row.has_pixel_data === 1,
    pixelStatus: row.pixel_status,
    pixelStatusReason: row.pixel_status_reason,
    fileSize: row.file_size,
  };
}

/** Reads a vector stored as a JSON array of numbers (see migration 1). */
export function parseVector(text: string | null): number[] | null {
  if (!text) return null;
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) return null;
  return value.every((entry) => typeof entry === 'number') ? value : null;
}
