import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  findArchivePeriod,
  type ArchiveOptions,
  type ArchivePeriod,
} from './archive-period.js';
import { makeLogError } from './errors.js';

/** New log files are for the owner only: they hold security events. */
const LOG_FILE_MODE = 0o600;

/**
 * The current log file `<dir>/<name>.log` and its rotation. Each line is
 * written with a synchronous write on an open descriptor: once a log call
 * returns, the line is in the operating system's hands and survives a crash
 * of the process (not a power cut: there is no fsync per line).
 *
 * When a line falls in a later archive period than the file, the file is
 * renamed to `<name>.<period>.log` (`<name>.<period>.2.log` and so on if
 * that exists) and a new one started. Nothing is ever deleted. Two loggers
 * with the same name in the same folder would rotate each other's file:
 * give each process its own name.
 */
export class LogFile {
  readonly path: string;
  readonly #dir: string;
  readonly #name: string;
  readonly #archive: ArchiveOptions;
  #fd: number;
  #period: ArchivePeriod;
  #reportedFailure = false;
  #closed = false;

  constructor(dir: string, name: string, archive: ArchiveOptions, now: Date) {
    this.#dir = dir;
    this.#name = name;
    this.#archive = archive;
    this.path = join(dir, `${name}.log`);
    this.#period = findArchivePeriod(now, archive);

    try {
      mkdirSync(dir, { recursive: true });
      this.#archiveLeftover();
      this.#fd = openSync(this.path, 'a', LOG_FILE_MODE);
    } catch (error) {
      throw makeLogError(
        'LOG_DIR_FAILED',
        `Log folder ${dir}: expected a writable folder, found ${describeError(error)}`,
      );
    }
  }

  /** Appends one line (with its newline), rotating first if `now` says so. */
  write(line: string, now: Date): void {
    // After close the descriptor number may belong to another file by now.
    if (this.#closed) return;

    const period = findArchivePeriod(now, this.#archive);
    // Only a later period rotates: a clock set back keeps the current file.
    if (period.order > this.#period.order) this.#rotate(period);

    try {
      writeSync(this.#fd, line);
    } catch (error) {
      this.#reportFailure('could not write to', error);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      closeSync(this.#fd);
    } catch {
      // The descriptor was lost in a failed rotation: nothing to release.
    }
  }

  /** A file left by an earlier run in an earlier period is archived first. */
  #archiveLeftover(): void {
    if (!existsSync(this.path)) return;

    const stat = statSync(this.path);
    const period = findArchivePeriod(stat.mtime, this.#archive);
    if (stat.size > 0 && period.order < this.#period.order) {
      renameSync(this.path, this.#pickArchiveName(period));
    }
  }

  #rotate(next: ArchivePeriod): void {
    try {
      closeSync(this.#fd);
      renameSync(this.path, this.#pickArchiveName(this.#period));
    } catch (error) {
      // Keep logging into the current file rather than lose lines.
      this.#reportFailure('could not archive', error);
    }

    this.#period = next;
    try {
      this.#fd = openSync(this.path, 'a', LOG_FILE_MODE);
    } catch (error) {
      this.#reportFailure('could not reopen', error);
    }
  }

  #pickArchiveName(period: ArchivePeriod): string {
    const base = join(this.#dir, `${this.#name}.${period.label}`);
    let candidate = `${base}.log`;
    for (let n = 2; existsSync(candidate); n++) candidate = `${base}.${n}.log`;
    return candidate;
  }

  // A failing log must not take the process down; say so once on stderr.
  #reportFailure(what: string, error: unknown): void {
    if (this.#reportedFailure) return;
    this.#reportedFailure = true;
    process.stderr.write(
      `atrium log: ${what} ${this.path}: ${describeError(error)}\n`,
    );
  }
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `error ${code}` : String(error);
}
