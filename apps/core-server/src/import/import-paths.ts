import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CoreContext } from '../context.js';
import { collectFiles } from './collect-files.js';
import { makeStoredPath, writeFileAtomically } from './image-store.js';
import { IndexWriter, type FlushResult } from './index-writer.js';
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

/** Reported after each file. */
export interface ImportProgress extends ImportCounts {
  done: number;
  total: number;
  /** The file just handled. */
  path: string;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Instances per database transaction. */
  batchSize?: number;
  /** Who asked for the import, for the access log. */
  user?: string;
  /** From where, for the access log. */
  client?: string;
}

/** The outcome of an import. */
export interface ImportSummary extends ImportCounts {
  /** Files found under the paths. */
  files: number;
  /** Study Instance UIDs that received new instances. */
  studies: string[];
  seconds: number;
}

/** The parts of the Core Server context an import uses. */
export type ImportContext = Pick<
  CoreContext,
  'db' | 'log' | 'dataDir' | 'config'
>;

const DEFAULT_BATCH_SIZE = 200;
/** Files read from disk ahead of the one being parsed. */
const READ_AHEAD = 8;

type ReadResult = { bytes: Buffer } | { error: unknown };

/**
 * Imports DICOM files and folders (recursively) into the image store and
 * index. Files are copied, never moved or changed. An object whose SOP
 * Instance UID is already indexed is counted as already present (logged as
 * a conflict at WARNING when its content differs); files that look like
 * DICOM but cannot be read go to `<data>/quarantine/` with their reason;
 * other files are skipped. Safe while the server runs.
 *
 * Known limit: two imports of the same object at the same moment can each
 * write its stored copy; the index keeps one entry and, should the two
 * copies differ, the file on disk may be the other one.
 */
export async function importPaths(
  ctx: ImportContext,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const storeRoot = ctx.config.general.imageDbPath;
  const quarantineDir = join(ctx.dataDir, 'quarantine');
  const user = options.user ?? 'local';
  ctx.log.info('Import started', { paths, user });

  const files = await collectFiles(paths, [storeRoot, quarantineDir]);
  const run = new ImportRun(ctx, storeRoot, quarantineDir, options);
  const reads: (Promise<ReadResult> | undefined)[] = [];
  const readAt = (index: number) => {
    const path = files[index];
    if (path !== undefined) reads[index] = readSource(path);
  };
  for (let index = 0; index < READ_AHEAD; index += 1) readAt(index);

  try {
    for (const [index, path] of files.entries()) {
      const read = await reads[index]!;
      reads[index] = undefined;
      readAt(index + READ_AHEAD);

      await run.handle(path, read);
      options.onProgress?.({
        ...run.counts,
        done: index + 1,
        total: files.length,
        path,
      });
    }
    run.flush();
  } catch (err) {
    run.flushAfterFailure();
    ctx.log.error('Import stopped', err, { ...run.counts, user });
    throw err;
  }

  const seconds = (performance.now() - started) / 1000;
  const summary = {
    ...run.counts,
    files: files.length,
    studies: run.studyUids(),
    seconds,
  };
  run.logStudies(user, options.client ?? 'local');
  ctx.log.info('Import finished', {
    ...run.counts,
    files: files.length,
    studies: summary.studies.length,
    seconds: Math.round(seconds * 1000) / 1000,
    instancesPerSecond:
      seconds > 0 ? Math.round(run.counts.imported / seconds) : 0,
    user,
  });
  return summary;
}

async function readSource(path: string): Promise<ReadResult> {
  try {
    return { bytes: await readFile(path) };
  } catch (error) {
    return { error };
  }
}

/** The state of one import: counts, the index writer, studies touched. */
class ImportRun {
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
  readonly #addedByStudy = new Map<string, number>();

  constructor(
    ctx: ImportContext,
    storeRoot: string,
    quarantineDir: string,
    options: ImportOptions,
  ) {
    this.#ctx = ctx;
    this.#storeRoot = storeRoot;
    this.#quarantineDir = quarantineDir;
    this.#batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.#writer = new IndexWriter(ctx.db);
  }

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
    if (record.derivedUids.length > 0) {
      log.warn('Import derived UIDs missing from an object', {
        source: path,
        sopInstanceUid: record.instance.sopInstanceUid,
        derived: record.derivedUids,
        studyUid: record.study.studyUid,
        seriesUid: record.series.seriesUid,
      });
    }
    await this.#store(path, read.bytes, record);
  }

  async #store(
    path: string,
    bytes: Buffer,
    record: Parameters<IndexWriter['add']>[0],
  ): Promise<void> {
    const uid = record.instance.sopInstanceUid;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const existing = this.#writer.findStored(uid);
    if (existing) {
      this.counts.alreadyPresent += 1;
      if (existing.sha256 !== sha256)
        this.#logConflict(path, uid, existing.filePath);
      return;
    }

    const filePath = makeStoredPath(
      this.#storeRoot,
      record.study.studyUid,
      record.series.seriesUid,
      uid,
    );
    await writeFileAtomically(filePath, bytes);
    this.#writer.add(record, { filePath, fileSize: bytes.byteLength, sha256 });
    if (this.#writer.pendingCount >= this.#batchSize) this.flush();
  }

  /** Writes the pending batch to the index and counts what it added. */
  flush(): void {
    if (this.#writer.pendingCount === 0) return;
    const result: FlushResult = this.#writer.flush();
    for (const [studyUid, added] of result.addedByStudy) {
      this.counts.imported += added;
      this.#addedByStudy.set(
        studyUid,
        (this.#addedByStudy.get(studyUid) ?? 0) + added,
      );
    }
    // Indexed by another process since we looked: already present after all.
    this.counts.alreadyPresent += result.alreadyPresent.length;
  }

  /**
   * Indexes what was already copied when the import stops on an error, so
   * no stored file is left out of the index; a second failure here is
   * dropped in favour of the first, which the caller reports.
   */
  flushAfterFailure(): void {
    try {
      this.flush();
    } catch {
      // The original error says what went wrong.
    }
  }

  studyUids(): string[] {
    return [...this.#addedByStudy.keys()];
  }

  /** One AccessLog ImportStudy entry per study that received instances. */
  logStudies(user: string, client: string): void {
    for (const [studyUid, instances] of this.#addedByStudy) {
      this.#ctx.log.access({
        op: 'ImportStudy',
        status: 'OK',
        user,
        client,
        studyUid,
        instances,
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
