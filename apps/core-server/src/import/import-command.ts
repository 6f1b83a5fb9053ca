import { basename, join } from 'node:path';
import { userInfo } from 'node:os';
import { resolveUserPath } from '@atrium/config';
import { openCoreContext, type CoreContext } from '../context.js';
import {
  importPaths,
  type ImportSummary,
  type WalkProblem,
} from './import-paths.js';
import { ProgressBar } from './progress-bar.js';

const USAGE = `usage: npm run import -- <file or folder>...

Copies DICOM files (folders recursively) into the image database under
ImageDBPath and indexes them. The sources are never changed. Files that
look like DICOM but cannot be read go to <data>/quarantine/ with a note.
`;

/** Streams the command writes to; the process's own by default. */
export interface CommandStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
}

/**
 * `import <path...>`: imports files and folders into the image database and
 * ends with the line `imported N, already present M, quarantined K, not
 * DICOM S` on stdout; what could not be read or was skipped is said on
 * stderr before it. Relative paths are resolved against the folder the
 * user ran the command from. Returns the exit code: 0 done, 1 failed (or
 * some files or folders could not be read, or a path given could not be
 * imported), 2 bad usage.
 */
export async function runImportCommand(
  argv: string[],
  streams: CommandStreams = process,
  dataDir?: string,
): Promise<number> {
  const args = argv.filter((arg) => arg !== '--');
  if (args.includes('--help') || args.includes('-h')) {
    streams.stdout.write(USAGE);
    return 0;
  }
  if (args.length === 0) {
    streams.stderr.write(USAGE);
    return 2;
  }

  let ctx: CoreContext;
  try {
    ctx = openCoreContext({
      dataDir,
      processName: 'core-import',
      warn: (warning) =>
        streams.stderr.write(`atrium import: WARNING: ${warning}\n`),
    });
  } catch (err) {
    streams.stderr.write(`atrium import: ${describe(err)}\n`);
    return 1;
  }

  const bar = new ProgressBar(streams.stderr);
  try {
    const summary = await importPaths(
      ctx,
      args.map((arg) => resolveUserPath(arg)),
      {
        onProgress: (p) => bar.update(p.done, p.total, basename(p.path)),
        user: findUserName(),
        client: 'command line',
      },
    );
    bar.finish();
    reportProblems(summary, streams, ctx);
    streams.stdout.write(`${formatSummaryLine(summary)}\n`);
    return isComplete(summary) ? 0 : 1;
  } catch (err) {
    bar.finish();
    streams.stderr.write(`atrium import: ${describe(err)}\n`);
    return 1;
  } finally {
    ctx.close();
  }
}

/** The last line of the import command. */
export function formatSummaryLine(summary: ImportSummary): string {
  return (
    `imported ${summary.imported}, already present ${summary.alreadyPresent}, ` +
    `quarantined ${summary.quarantined}, not DICOM ${summary.notDicom}`
  );
}

function reportProblems(
  summary: ImportSummary,
  streams: CommandStreams,
  ctx: CoreContext,
): void {
  const logFile = ctx.log.file;
  if (summary.quarantined > 0) {
    streams.stderr.write(
      `atrium import: ${summary.quarantined} file(s) could not be read as DICOM and were copied to ${join(ctx.dataDir, 'quarantine')} with the reason beside each\n`,
    );
  }
  if (summary.conflicts > 0) {
    streams.stderr.write(
      `atrium import: ${summary.conflicts} object(s) had the SOP Instance UID of a stored object but different content; the stored copies were kept (see ${logFile})\n`,
    );
  }
  if (summary.failed > 0) {
    streams.stderr.write(
      `atrium import: ${summary.failed} file(s) could not be read (see ${logFile})\n`,
    );
  }
  reportWalkProblems(summary.problems, streams, logFile);
}

/** Entries of each kind named one by one before the rest are counted. */
const LISTED_PROBLEMS = 5;

function reportWalkProblems(
  problems: WalkProblem[],
  streams: CommandStreams,
  logFile: string,
): void {
  const write = (line: string) => streams.stderr.write(`${line}\n`);
  for (const problem of problems.filter((p) => p.given)) {
    write(
      problem.kind === 'unreadable'
        ? `atrium import: ${problem.path} could not be read (${problem.reason})`
        : `atrium import: ${problem.path} is ${problem.reason}; not imported`,
    );
  }

  const found = problems.filter((p) => !p.given);
  const unreadable = found.filter((p) => p.kind === 'unreadable');
  const skipped = found.filter((p) => p.kind === 'skipped');
  if (unreadable.length > 0) {
    write(
      `atrium import: ${unreadable.length} folder(s) or link(s) could not be read and were left out (see ${logFile}):`,
    );
    listSome(unreadable, write);
  }
  if (skipped.length > 0) {
    const what =
      skipped.length === 1
        ? 'entry that is no regular file or folder'
        : 'entries that are no regular files or folders';
    write(`atrium import: skipped ${skipped.length} ${what} (see ${logFile}):`);
    listSome(skipped, write);
  }
}

function listSome(problems: WalkProblem[], write: (line: string) => void) {
  for (const { path, reason } of problems.slice(0, LISTED_PROBLEMS)) {
    write(`  ${path}: ${reason}`);
  }
  if (problems.length > LISTED_PROBLEMS) {
    write(`  and ${problems.length - LISTED_PROBLEMS} more`);
  }
}

/** Whether everything asked for was read: no failures, nothing refused. */
function isComplete(summary: ImportSummary): boolean {
  if (summary.failed > 0 || summary.unreadable > 0) return false;
  return !summary.problems.some((problem) => problem.given);
}

function findUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // Some containers run under a user id with no name.
    return `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
