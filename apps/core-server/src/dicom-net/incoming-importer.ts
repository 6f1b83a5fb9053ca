import { readFile, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  importPaths,
  type ImportContext,
  type ImportProgress,
} from '../import/import-paths.js';
import { ImportBatch, recoverBatches } from './import-batch.js';
import { isReceivedName } from './incoming-folder.js';
import { quarantineFile } from '../import/quarantine.js';

/** Files a hand copy may still be writing are left for the next scan. */
const SETTLE_MS = 2000;
/** Files handed to one import run at most. */
const MAX_FILES_PER_RUN = 2000;
/** Read failures of one file before it is left alone until a restart. */
const MAX_READ_FAILURES = 3;

type FileOutcome = 'indexed' | 'not-dicom' | 'failed';

/** What one run of the importer did. */
export interface IncomingRun {
  files: number;
  imported: number;
  /** Study Instance UIDs that received new instances. */
  studies: string[];
}

/**
 * Moves what lands in the incoming folder into the image database with
 * the import code: each file is indexed and copied to the image store (or
 * quarantined when unreadable) and then removed from the incoming folder.
 * Runs one at a time: on request (after a sender releases its
 * association), and every IncomingDirMonitorInterval seconds for anything
 * left there (after a crash, or dropped in by hand).
 *
 * Known limitation: the copy in the image store is written as the import
 * command writes it (not flushed to disk), and the flushed incoming file is
 * removed once it is indexed; a power cut in the following seconds could
 * lose an object the OS had not yet written. A kill of the process cannot.
 */
export class IncomingImporter {
  readonly #ctx: ImportContext;
  readonly #dir: string;
  readonly #listeners = new Set<(run: IncomingRun) => void>();
  readonly #failures = new Map<string, number>();
  #current: Promise<void> | undefined;
  #next: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #settleTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #recovered = false;

  constructor(ctx: ImportContext, dir: string) {
    this.#ctx = ctx;
    this.#dir = dir;
  }

  /** Scans now and then every `seconds`. */
  start(seconds: number): void {
    void this.request();
    this.#timer = setInterval(() => void this.request(), seconds * 1000);
    this.#timer.unref();
  }

  /** Calls `listener` after every run that imported something. */
  onRun(listener: (run: IncomingRun) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Asks for a run. Resolves once a run that started after this call has
   * finished, so everything in the folder at the time of the call has been
   * handled (or left for a retry).
   */
  request(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (!this.#current) {
      this.#current = this.#run().finally(() => {
        this.#current = undefined;
      });
      return this.#current;
    }
    this.#next ??= this.#current.then(() => {
      this.#next = undefined;
      return this.request();
    });
    return this.#next;
  }

  /** Stops the timer and waits for the run in progress. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    clearTimeout(this.#settleTimer);
    await this.#next;
    await this.#current;
  }

  async #run(): Promise<void> {
    try {
      if (!this.#recovered) {
        const recovered = await recoverBatches(this.#dir);
        this.#recovered = true;
        if (recovered > 0) {
          this.#ctx.log.info(
            'Incoming files of an interrupted import put back',
            {
              files: recovered,
            },
          );
        }
      }
      const files = await this.#listReadyFiles();
      if (files.length === 0) return;
      await this.#importFiles(files);
    } catch (err) {
      this.#ctx.log.error('Incoming folder import failed', err, {
        incoming: this.#dir,
      });
    }
  }

  async #importFiles(files: string[]): Promise<void> {
    const batch = await ImportBatch.stage(this.#dir, files);
    try {
      const outcomes = new Map<string, FileOutcome>();
      let before: ImportProgress | undefined;
      const summary = await importPaths(this.#ctx, [batch.dir], {
        user: 'DICOM',
        client: 'incoming',
        onProgress: (progress) => {
          outcomes.set(progress.path, outcomeOf(progress, before));
          before = progress;
        },
      });

      for (const staged of [...batch.origins.keys()]) {
        await this.#settle(batch, staged, outcomes.get(staged) ?? 'failed');
      }
      this.#report({
        files: files.length,
        imported: summary.imported,
        studies: summary.studies,
      });
    } finally {
      // Whatever was not handled goes back to be tried again.
      await batch.close();
      await this.#removeEmptyFolders(this.#dir, true);
    }
  }

  #report(run: IncomingRun): void {
    for (const listener of this.#listeners) listener(run);
  }

  async #settle(
    batch: ImportBatch,
    staged: string,
    outcome: FileOutcome,
  ): Promise<void> {
    const origin = batch.origins.get(staged)!;
    if (outcome === 'failed') {
      const failures = (this.#failures.get(origin) ?? 0) + 1;
      this.#failures.set(origin, failures);
      if (failures === MAX_READ_FAILURES) {
        this.#ctx.log.warn('Incoming file left in place after read failures', {
          path: origin,
          failures,
        });
      }
      await batch.restore(staged);
      return;
    }
    if (outcome === 'not-dicom') await this.#quarantine(staged, origin);
    this.#failures.delete(origin);
    batch.origins.delete(staged);
    await rm(staged, { force: true });
  }

  // Nothing is dropped silently: a file that is not DICOM at all goes to the
  // quarantine like an unreadable one, instead of being scanned forever.
  async #quarantine(staged: string, origin: string): Promise<void> {
    const bytes = await readFile(staged);
    const copy = await quarantineFile(
      join(this.#ctx.dataDir, 'quarantine'),
      origin,
      bytes,
      {
        code: 'DCM_NOT_DICOM',
        message: 'A file in the incoming folder is not a DICOM object',
      },
    );
    this.#ctx.log.warn('Incoming file is not DICOM; quarantined', {
      source: origin,
      quarantined: copy,
    });
  }

  async #listReadyFiles(): Promise<string[]> {
    const files: string[] = [];
    await this.#walk(this.#dir, files);
    return files.slice(0, MAX_FILES_PER_RUN);
  }

  async #walk(folder: string, files: string[]): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true }).catch(
      () => [],
    );
    for (const entry of entries) {
      // `.receiving` holds objects still arriving; other hidden names are
      // a hand copy's temporary files.
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await this.#walk(path, files);
      else if (entry.isFile() && (await this.#isReady(path))) files.push(path);
      if (files.length >= MAX_FILES_PER_RUN) return;
    }
  }

  async #isReady(path: string): Promise<boolean> {
    if ((this.#failures.get(path) ?? 0) >= MAX_READ_FAILURES) return false;
    // The SCP's files appear here only by rename once complete.
    if (isReceivedName(basename(path))) return true;
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) return false;
    if (Date.now() - info.mtimeMs >= SETTLE_MS) return true;
    this.#scheduleSettledScan();
    return false;
  }

  /** Looks again once a file too young to trust has had time to settle. */
  #scheduleSettledScan(): void {
    if (this.#settleTimer || this.#closed) return;
    this.#settleTimer = setTimeout(() => {
      this.#settleTimer = undefined;
      void this.request();
    }, SETTLE_MS);
    this.#settleTimer.unref();
  }

  async #removeEmptyFolders(folder: string, top: boolean): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true }).catch(
      () => [],
    );
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      await this.#removeEmptyFolders(join(folder, entry.name), false);
    }
    // rmdir refuses a folder that is not empty, which is what we want.
    if (!top) await rmdir(folder).catch(() => undefined);
  }
}

function outcomeOf(
  progress: ImportProgress,
  before: ImportProgress | undefined,
): FileOutcome {
  if (progress.failed > (before?.failed ?? 0)) return 'failed';
  if (progress.notDicom > (before?.notDicom ?? 0)) return 'not-dicom';
  return 'indexed';
}
