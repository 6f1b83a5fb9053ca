import type { Database } from 'better-sqlite3';
import { normaliseDicomDate } from '../studies/dicom-date.js';
import { MODALITY_SEPARATOR } from '../studies/study-row.js';
import {
  prepareIndexStatements,
  type IndexStatements,
} from './index-statements.js';
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

/**
 * Writes imported instances into the image index in batches: one immediate
 * transaction per batch adds the patients, studies, series and instances
 * and brings the per-series and per-study counts up to date.
 */
export class IndexWriter {
  readonly #db: Database;
  readonly #sql: IndexStatements;
  readonly #pending = new Map<string, PendingInstance>();

  constructor(db: Database) {
    this.#db = db;
    this.#sql = prepareIndexStatements(db);
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
