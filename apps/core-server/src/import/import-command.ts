import { basename, join } from 'node:path';
import { userInfo } from 'node:os';
import { resolveUserPath } from '@atrium/config';
import { openCoreContext, type CoreContext } from '../context.js';
import { importPaths, type ImportSummary } from './import-paths.js';
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
 * DICOM S` on stdout. Relative paths are resolved against the folder the
 * user ran the command from. Returns the exit code: 0 done, 1 failed (or
 * some files could not be read), 2 bad usage.
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
    ctx = openCoreContext({ dataDir, processName: 'core-import' });
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
    return summary.failed > 0 ? 1 : 0;
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
