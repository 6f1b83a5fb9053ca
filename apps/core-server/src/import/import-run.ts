import { createHash } from 'node:crypto';
import type { CoreContext } from '../context.js';
import { makeStoredPath, writeFileAtomically } from './image-store.js';
import { IndexWriter } from './index-writer.js';
import type { InstanceRecord, StoredFile } from './instance-record.js';
import { quarantineFile } from './quarantine.js';
import { readDicomFile } from './read-dicom-file.js';

/** What an import has done so far. */
export interface ImportCounts {
  /** New instances stored and indexed. */
  imported: number;
  /** Instances whose SOP Instance UID was already indexed (conflicts included). */
  alreadyPresent: number;
  /** Of those, the ones whose content differed from the stored copy. */
  conflicts: number;
  /** DICOM-looking files that could not be read, copied to the quarantine. */
  quarantined: number;
  /** Files skipped because they are not DICOM objects. */
  notDicom: number;
  /** Files that could not be read from disk at all. */
  failed: number;
}

/** The parts of the Core Server context an import uses. */
export type ImportContext = Pick<
  CoreContext,
  'db' | 'log' | 'dataDir' | 'config'
>;

/** A source file as read, or why it could not be read. */
export type ReadResult = { bytes: Buffer } | { error: unknown };

/** Copies to the image store in flight at once (libuv runs four at a time). */
const MAX_WRITES_IN_FLIGHT = 16;

/** A copy to the image store, queued in source order. */
interface Copy {
  record: InstanceRecord;
  stored: StoredFile;
  /** Settles (never rejects) when the write has succeeded or failed. */
  done: Promise<void>;
  settled: boolean;
  written: boolean;
}

/**
 * The state of one import: counts, copies in flight, the index writer and
 * the studies touched. Copies run several at a time, but each is handed to
 * the index only once it is safely in the store, and in the order of the
 * source files, so the index never names a missing file and the first file
 * of a study still decides its attributes.
 */
export class ImportRun {
  readonly counts: ImportCounts = {
    imported: 0,
    alreadyPresent: 0,
    conflicts: 0,
    quarantined: 0,
    notDicom: 0,
    failed: 0,
  };
  readonly #ctx: ImportContext;
  readonly #storeRoot: string;
  readonly #quarantineDir: string;
  readonly #batchSize: number;
  readonly #writer: IndexWriter;
  /** Copies not yet handed to the index, in source order. */
  readonly #copies: Copy[] = [];
  readonly #inFlight = new Map<string, Copy>();
  readonly #addedByStudy = new Map<string, number>();
  #writeFailure: { error: unknown } | undefined;

  constructor(
    ctx: ImportContext,
    storeRoot: string,
    quarantineDir: string,
    batchSize: number,
  ) {
    this.#ctx = ctx;
    this.#storeRoot = storeRoot;
    this.#quarantineDir = quarantineDir;
    this.#batchSize = batchSize;
    this.#writer = new IndexWriter(ctx.db);
  }

  /** Handles one source file: skip, quarantine, or copy and queue. */
  async handle(path: string, read: ReadResult): Promise<void> {
    const { log } = this.#ctx;
    if ('error' in read) {
      this.counts.failed += 1;
      log.error('Import could not read a file', read.error, { source: path });
      return;
    }

    const verdict = readDicomFile(path, read.bytes);
    if (verdict.kind === 'not-dicom') {
      this.counts.notDicom += 1;
      log.debug('Import skipped a file', { source: path, why: verdict.why });
      return;
    }
    if (verdict.kind === 'unreadable') {
      const copy = await quarantineFile(
        this.#quarantineDir,
        path,
        read.bytes,
        verdict.reason,
      );
      this.counts.quarantined += 1;
      log.warn('Import quarantined a file', {
        source: path,
        quarantined: copy,
        code: verdict.reason.code,
        reason: verdict.reason.message,
      });
      return;
    }

    const { record } = verdict;
    this.#logFindings(path, record);
    await this.#store(path, read.bytes, record);
  }

  /** Waits for every copy in flight, then writes the last batch. */
  async finish(): Promise<void> {
    await this.#settleWrites(0);
    this.#flush();
  }

  /**
   * Indexes what was already copied when the import stops on an error, so
   * no stored file is left out of the index; a second failure here is
   * dropped in favour of the first, which the caller reports.
   */
  async finishAfterFailure(): Promise<void> {
    try {
      await Promise.all(this.#copies.map((copy) => copy.done));
      this.#flush();
    } catch {
      // The original error says what went wrong.
    }
  }

  /** Study Instance UIDs that received new instances. */
  studyUids(): string[] {
    return [...this.#addedByStudy.keys()];
  }

  /** One AccessLog ImportStudy entry per study that received instances. */
  logStudies(user: string, client: string): void {
    for (const [studyUid, instances] of this.#addedByStudy) {
      this.#ctx.log.access({
        op: 'ImportStudy',
        status: 'Success',
        user,
        client,
        studyUid,
        instances,
      });
    }
  }

  async #store(
    path: string,
    bytes: Buffer,
    record: InstanceRecord,
  ): Promise<void> {
    const uid = record.instance.sopInstanceUid;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const existing =
      this.#inFlight.get(uid)?.stored ?? this.#writer.findStored(uid);
    if (existing) {
      this.counts.alreadyPresent += 1;
      if (existing.sha256 !== sha256) {
        this.#logConflict(path, uid, existing.filePath);
      }
      return;
    }

    const filePath = makeStoredPath(
      this.#storeRoot,
      record.study.studyUid,
      record.series.seriesUid,
      uid,
    );
    const copy: Copy = {
      record,
      stored: { filePath, fileSize: bytes.byteLength, sha256 },
      done: Promise.resolve(),
      settled: false,
      written: false,
    };
    copy.done = this.#write(copy, bytes);
    this.#copies.push(copy);
    this.#inFlight.set(uid, copy);
    await this.#settleWrites(MAX_WRITES_IN_FLIGHT - 1);
    if (this.#writer.pendingCount >= this.#batchSize) this.#flush();
  }

  // Never rejects: a failed copy is kept and thrown from #settleWrites, so
  // no promise is ever left rejected without a handler.
  async #write(copy: Copy, bytes: Buffer): Promise<void> {
    try {
      await writeFileAtomically(copy.stored.filePath, bytes);
      copy.written = true;
    } catch (error) {
      this.#writeFailure ??= { error };
    } finally {
      copy.settled = true;
      this.#handOverCopies();
    }
  }

  /** Gives the index every settled copy at the head of the queue. */
  #handOverCopies(): void {
    while (this.#copies[0]?.settled) {
      const copy = this.#copies.shift()!;
      this.#inFlight.delete(copy.record.instance.sopInstanceUid);
      if (copy.written) this.#writer.add(copy.record, copy.stored);
    }
  }

  /** Waits until at most `limit` copies are queued; throws a failed one. */
  async #settleWrites(limit: number): Promise<void> {
    while (this.#copies.length > limit) await this.#copies[0]!.done;
    if (this.#writeFailure) throw this.#writeFailure.error;
  }

  #flush(): void {
    if (this.#writer.pendingCount === 0) return;
    const result = this.#writer.flush();
    for (const [studyUid, added] of result.addedByStudy) {
      this.counts.imported += added;
      const before = this.#addedByStudy.get(studyUid) ?? 0;
      this.#addedByStudy.set(studyUid, before + added);
    }
    // Indexed by another process since we looked: already present after all.
    this.counts.alreadyPresent += result.alreadyPresent.length;
  }

  /** Logs at WARNING what the index keeps about an object that is odd. */
  #logFindings(source: string, record: InstanceRecord): void {
    const { log } = this.#ctx;
    const { sopInstanceUid, pixelStatus, pixelStatusReason } = record.instance;
    if (record.derivedUids.length > 0) {
      log.warn('Import derived UIDs missing from an object', {
        source,
        sopInstanceUid,
        derived: record.derivedUids,
        studyUid: record.study.studyUid,
        seriesUid: record.series.seriesUid,
      });
    }
    if (record.invalidUids.length > 0) {
      log.warn('Import kept UIDs that are not valid DICOM UIDs as found', {
        source,
        invalid: record.invalidUids,
      });
    }
    if (pixelStatus === 'flagged') {
      log.warn('Import flagged an object whose image cannot be decoded', {
        source,
        sopInstanceUid,
        reason: pixelStatusReason,
      });
    } else if (record.truncation) {
      log.warn('Import indexed a file cut short after its image', {
        source,
        sopInstanceUid,
        reason: record.truncation,
      });
    }
  }

  #logConflict(source: string, sopInstanceUid: string, stored: string): void {
    this.counts.conflicts += 1;
    this.#ctx.log.warn(
      'Import conflict: an object with this SOP Instance UID is already stored with different content; the stored copy is kept',
      { source, sopInstanceUid, stored },
    );
  }
}
