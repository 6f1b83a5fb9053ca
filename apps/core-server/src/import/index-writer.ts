import type { Database, Statement } from 'better-sqlite3';
import { normaliseDicomDate } from '../studies/dicom-date.js';
import { MODALITY_SEPARATOR } from '../studies/study-row.js';
import type { InstanceRecord, StoredFile } from './instance-record.js';

/** An instance waiting in a batch, with its stored copy. */
export interface PendingInstance {
  record: InstanceRecord;
  stored: StoredFile;
}

/** What one batch did to the index. */
export interface FlushResult {
  /** Instances added, by Study Instance UID. */
  addedByStudy: Map<string, number>;
  /**
   * Instances another process indexed between our check and our write;
   * they count as already present.
   */
  alreadyPresent: PendingInstance[];
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * Writes imported instances into the image index in batches: one immediate
 * transaction per batch adds the patients, studies, series and instances
 * and brings the per-series and per-study counts up to date.
 */
export class IndexWriter {
  readonly #db: Database;
  readonly #sql: Statements;
  readonly #pending = new Map<string, PendingInstance>();

  constructor(db: Database) {
    this.#db = db;
    this.#sql = prepareStatements(db);
  }

  /** Instances waiting for the next flush. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * The stored copy of an instance, from this batch or the index, so a
   * second object with the same SOP Instance UID is never stored twice.
   */
  findStored(sopInstanceUid: string): StoredFile | undefined {
    const pending = this.#pending.get(sopInstanceUid);
    if (pending) return pending.stored;

    const row = this.#sql.findInstance.get(sopInstanceUid) as
      | { file_path: string; file_size: number; content_sha256: string }
      | undefined;
    if (!row) return undefined;
    return {
      filePath: row.file_path,
      fileSize: row.file_size,
      sha256: row.content_sha256,
    };
  }

  /** Queues an instance whose file is already in the image store. */
  add(record: InstanceRecord, stored: StoredFile): void {
    this.#pending.set(record.instance.sopInstanceUid, { record, stored });
  }

  /** Writes the queued instances in one transaction. */
  flush(): FlushResult {
    const batch = [...this.#pending.values()];
    this.#pending.clear();
    const write = this.#db.transaction(() => this.#write(batch));
    return write.immediate();
  }

  #write(batch: PendingInstance[]): FlushResult {
    const now = new Date().toISOString();
    const studies = new Map<string, number>();
    const series = new Map<string, number>();
    const result: FlushResult = { addedByStudy: new Map(), alreadyPresent: [] };

    for (const entry of batch) {
      const { record } = entry;
      const studyUid = record.study.studyUid;
      // Every record may fill a blank of its study and series, so each
      // one goes through the upsert, not only the first of the batch.
      const studyPk = this.#upsertStudy(record, now);
      studies.set(studyUid, studyPk);
      const seriesPk = this.#upsertSeries(record, studyPk, now);
      series.set(record.series.seriesUid, seriesPk);

      const added = this.#insertInstance(entry, seriesPk, now);
      if (!added) {
        result.alreadyPresent.push(entry);
        continue;
      }
      const count = result.addedByStudy.get(studyUid) ?? 0;
      result.addedByStudy.set(studyUid, count + 1);
    }

    for (const pk of series.values()) this.#sql.countSeries.run(now, pk);
    for (const pk of studies.values()) this.#countStudy(pk, now);
    return result;
  }

  #upsertStudy(record: InstanceRecord, now: string): number {
    const found = this.#sql.findStudy.get(record.study.studyUid) as
      { id: number } | undefined;
    const study = {
      ...record.study,
      studyDateSort: normaliseDicomDate(record.study.studyDate),
      now,
    };
    if (found) {
      this.#sql.fillStudy.run({ ...study, id: found.id });
      return found.id;
    }
    const patientPk = this.#upsertPatient(record, now);
    return Number(
      this.#sql.insertStudy.run({ ...study, patientPk }).lastInsertRowid,
    );
  }

  #upsertPatient(record: InstanceRecord, now: string): number {
    const { patient } = record;
    const found = this.#sql.findPatient.get(patient) as
      { id: number } | undefined;
    if (found) return found.id;

    const row = {
      ...patient,
      birthDateSort: normaliseDicomDate(patient.birthDate),
      now,
    };
    return Number(this.#sql.insertPatient.run(row).lastInsertRowid);
  }

  #upsertSeries(record: InstanceRecord, studyPk: number, now: string): number {
    const found = this.#sql.findSeries.get(record.series.seriesUid) as
      { id: number } | undefined;
    const series = { ...record.series, now };
    if (found) {
      this.#sql.fillSeries.run({ ...series, id: found.id });
      return found.id;
    }
    return Number(
      this.#sql.insertSeries.run({ ...series, studyPk }).lastInsertRowid,
    );
  }

  #insertInstance(
    entry: PendingInstance,
    seriesPk: number,
    now: string,
  ): boolean {
    const { instance } = entry.record;
    const result = this.#sql.insertInstance.run({
      ...instance,
      seriesPk,
      imagePosition: toJson(instance.imagePosition),
      imageOrientation: toJson(instance.imageOrientation),
      pixelSpacing: toJson(instance.pixelSpacing),
      hasPixelData: instance.hasPixelData ? 1 : 0,
      filePath: entry.stored.filePath,
      fileSize: entry.stored.fileSize,
      sha256: entry.stored.sha256,
      now,
    });
    return result.changes === 1;
  }

  #countStudy(studyPk: number, now: string): void {
    const modalities = this.#sql.studyModalities.all(studyPk) as string[];
    this.#sql.countStudy.run({
      id: studyPk,
      modalities: modalities.join(MODALITY_SEPARATOR),
      now,
    });
  }
}

function toJson(vector: number[] | null): string | null {
  return vector ? JSON.stringify(vector) : null;
}

function prepareStatements(db: Database) {
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
         content_sha256, import_date, last_write)
       VALUES (@sopInstanceUid, @seriesPk, @sopClassUid, @transferSyntaxUid,
         @instanceNumber, @rows, @columns, @frames, @bitsAllocated,
         @photometricInterpretation, @imagePosition, @imageOrientation,
         @sliceLocation, @sliceThickness, @triggerTime,
         @cardiacNumberOfImages, @pixelSpacing, @windowCenter, @windowWidth,
         @rescaleSlope, @rescaleIntercept, @hasPixelData, @pixelStatus,
         @pixelStatusReason, @filePath, @fileSize, @sha256, @now, @now)
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
