import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectFiles, type WalkProblem } from './collect-files.js';
import {
  ImportRun,
  type ImportContext,
  type ImportCounts,
  type ReadResult,
} from './import-run.js';

export type { ImportContext, ImportCounts } from './import-run.js';
export type { WalkProblem } from './collect-files.js';

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
  /** Folders that could not be listed and paths that could not be examined. */
  unreadable: number;
  /** FIFOs, sockets, devices, links to missing targets and link loops. */
  skipped: number;
  /** Each of those, in the order met. */
  problems: WalkProblem[];
  /** Study Instance UIDs that received new instances. */
  studies: string[];
  seconds: number;
}

const DEFAULT_BATCH_SIZE = 200;
/** Files read from disk ahead of the one being parsed. */
const READ_AHEAD = 8;

/**
 * Imports DICOM files and folders (recursively) into the image store and
 * index. Files are copied, never moved or changed. An object whose SOP
 * Instance UID is already indexed is counted as already present (logged as
 * a conflict at WARNING when its content differs); files that look like
 * DICOM but cannot be read go to `<data>/quarantine/` with their reason;
 * other files are skipped. A folder that cannot be read is logged at ERROR
 * and counted as unreadable, an entry that is no regular file or folder at
 * WARNING and counted as skipped; the import goes on with the rest. Safe
 * while the server runs.
 *
 * Known limits: two imports of the same object at the same moment can each
 * write its stored copy; the index keeps one entry and, should the two
 * copies differ, the file on disk may be the other one. Each file is read
 * whole into memory, so a single file larger than Node's buffer limit
 * (about 2 GB) cannot be read and is counted as failed.
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

  const { files, problems } = await collectFiles(paths, [
    storeRoot,
    quarantineDir,
  ]);
  logProblems(ctx, problems);
  const run = new ImportRun(
    ctx,
    storeRoot,
    quarantineDir,
    options.batchSize ?? DEFAULT_BATCH_SIZE,
  );
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
    await run.finish();
  } catch (err) {
    await run.finishAfterFailure();
    ctx.log.error('Import stopped', err, { ...run.counts, user });
    throw err;
  }

  const seconds = (performance.now() - started) / 1000;
  const unreadable = problems.filter((p) => p.kind === 'unreadable').length;
  const summary = {
    ...run.counts,
    files: files.length,
    unreadable,
    skipped: problems.length - unreadable,
    problems,
    studies: run.studyUids(),
    seconds,
  };
  run.logStudies(user, options.client ?? 'local');
  ctx.log.info('Import finished', {
    ...run.counts,
    files: files.length,
    unreadable: summary.unreadable,
    skipped: summary.skipped,
    studies: summary.studies.length,
    seconds: Math.round(seconds * 1000) / 1000,
    instancesPerSecond:
      seconds > 0 ? Math.round(run.counts.imported / seconds) : 0,
    user,
  });
  return summary;
}

function logProblems(ctx: ImportContext, problems: WalkProblem[]): void {
  for (const { path, kind, reason } of problems) {
    if (kind === 'unreadable') {
      ctx.log.error('Import could not read a folder or path', undefined, {
        source: path,
        reason,
      });
    } else {
      ctx.log.warn('Import skipped an entry that is no regular file', {
        source: path,
        reason,
      });
    }
  }
}

async function readSource(path: string): Promise<ReadResult> {
  try {
    return { bytes: await readFile(path) };
  } catch (error) {
    return { error };
  }
}
