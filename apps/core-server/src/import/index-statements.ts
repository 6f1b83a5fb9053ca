import type { Database, Statement } from 'better-sqlite3';

/** The prepared statements of the index writer, one per step. */
export type IndexStatements = Record<
  | 'findInstance'
  | 'findPatient'
  | 'insertPatient'
  | 'findStudy'
  | 'insertStudy'
  | 'fillStudy'
  | 'findSeries'
  | 'insertSeries'
  | 'fillSeries'
  | 'insertInstance'
  | 'countSeries'
  | 'studyModalities'
  | 'countStudy',
  Statement
>;

/**
 * Prepares the SQL the index writer runs for every imported instance:
 * find-or-insert of patient, study and series, the blank-filling updates,
 * the instance insert and the count updates.
 */
export function prepareIndexStatements(db: Database): IndexStatements {
  const prepare = (sql: string): Statement => db.prepare(sql);
  return {
    findInstance: prepare(
      `SELECT file_path, file_size, content_sha256 FROM instances
       WHERE sop_instance_uid = ?`,
    ),
    findPatient: prepare(
      `SELECT id FROM patients WHERE patient_id = @patientId
       AND patient_name = @patientName AND birth_date = @birthDate`,
    ),
    insertPatient: prepare(
      `INSERT INTO patients (patient_id, patient_name, birth_date,
         birth_date_sort, sex, created_at)
       VALUES (@patientId, @patientName, @birthDate, @birthDateSort, @sex,
         @now)`,
    ),
    findStudy: prepare('SELECT id FROM studies WHERE study_uid = ?'),
    insertStudy: prepare(
      `INSERT INTO studies (study_uid, patient_pk, study_id,
         accession_number, study_date, study_date_sort, study_time,
         study_description, referring_physician, institution_name,
         import_date, last_write)
       VALUES (@studyUid, @patientPk, @studyId, @accessionNumber, @studyDate,
         @studyDateSort, @studyTime, @studyDescription, @referringPhysician,
         @institutionName, @now, @now)`,
    ),
    // A study's first file may lack what later files carry: blanks are
    // filled, values already found are never replaced.
    fillStudy: prepare(
      `UPDATE studies SET
         study_id = COALESCE(NULLIF(study_id, ''), @studyId),
         accession_number =
           COALESCE(NULLIF(accession_number, ''), @accessionNumber),
         study_date_sort = CASE WHEN study_date = ''
           THEN @studyDateSort ELSE study_date_sort END,
         study_date = COALESCE(NULLIF(study_date, ''), @studyDate),
         study_time = COALESCE(NULLIF(study_time, ''), @studyTime),
         study_description =
           COALESCE(NULLIF(study_description, ''), @studyDescription),
         referring_physician =
           COALESCE(NULLIF(referring_physician, ''), @referringPhysician),
         institution_name =
           COALESCE(NULLIF(institution_name, ''), @institutionName)
       WHERE id = @id`,
    ),
    findSeries: prepare('SELECT id FROM series WHERE series_uid = ?'),
    insertSeries: prepare(
      `INSERT INTO series (series_uid, study_pk, modality, series_number,
         series_description, series_date, series_time, body_part,
         protocol_name, manufacturer, model_name, institution_name,
         frame_of_reference_uid, import_date, last_write)
       VALUES (@seriesUid, @studyPk, @modality, @seriesNumber,
         @seriesDescription, @seriesDate, @seriesTime, @bodyPart,
         @protocolName, @manufacturer, @modelName, @institutionName,
         @frameOfReferenceUid, @now, @now)`,
    ),
    fillSeries: prepare(
      `UPDATE series SET
         modality = COALESCE(NULLIF(modality, ''), @modality),
         series_number = COALESCE(series_number, @seriesNumber),
         series_description =
           COALESCE(NULLIF(series_description, ''), @seriesDescription),
         body_part = COALESCE(NULLIF(body_part, ''), @bodyPart),
         protocol_name = COALESCE(NULLIF(protocol_name, ''), @protocolName),
         manufacturer = COALESCE(NULLIF(manufacturer, ''), @manufacturer),
         model_name = COALESCE(NULLIF(model_name, ''), @modelName),
         frame_of_reference_uid = COALESCE(
           NULLIF(frame_of_reference_uid, ''), @frameOfReferenceUid)
       WHERE id = @id`,
    ),
    insertInstance: prepare(
      `INSERT INTO instances (sop_instance_uid, series_pk, sop_class_uid,
         transfer_syntax_uid, instance_number, rows, columns, frames,
         bits_allocated, photometric_interpretation, image_position,
         image_orientation, slice_location, slice_thickness, trigger_time,
         cardiac_number_of_images, pixel_spacing, window_center,
         window_width, rescale_slope, rescale_intercept, has_pixel_data,
         pixel_status, pixel_status_reason, file_path, file_size,
         content_sha256, import_date, last_write, frame_time_ms)
       VALUES (@sopInstanceUid, @seriesPk, @sopClassUid, @transferSyntaxUid,
         @instanceNumber, @rows, @columns, @frames, @bitsAllocated,
         @photometricInterpretation, @imagePosition, @imageOrientation,
         @sliceLocation, @sliceThickness, @triggerTime,
         @cardiacNumberOfImages, @pixelSpacing, @windowCenter, @windowWidth,
         @rescaleSlope, @rescaleIntercept, @hasPixelData, @pixelStatus,
         @pixelStatusReason, @filePath, @fileSize, @sha256, @now, @now,
         @frameTimeMs)
       ON CONFLICT (sop_instance_uid) DO NOTHING`,
    ),
    countSeries: prepare(
      `UPDATE series SET last_write = ?, instance_count =
         (SELECT COUNT(*) FROM instances WHERE series_pk = series.id)
       WHERE id = ?`,
    ),
    studyModalities: prepare(
      `SELECT DISTINCT modality FROM series
       WHERE study_pk = ? AND modality <> '' ORDER BY modality`,
    ).pluck(),
    countStudy: prepare(
      `UPDATE studies SET
         last_write = @now,
         modalities = @modalities,
         series_count =
           (SELECT COUNT(*) FROM series WHERE study_pk = studies.id),
         instance_count = (SELECT COUNT(*) FROM instances i
           JOIN series se ON se.id = i.series_pk
           WHERE se.study_pk = studies.id),
         size_bytes = (SELECT COALESCE(SUM(i.file_size), 0) FROM instances i
           JOIN series se ON se.id = i.series_pk
           WHERE se.study_pk = studies.id)
       WHERE id = @id`,
    ),
  };
}
