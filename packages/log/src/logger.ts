import type { ArchiveOptions } from './archive-period.js';
import { makeLogError } from './errors.js';
import { formatLocalTime } from './format-time.js';
import { LogFile } from './log-file.js';
import { redact, redactText } from './redact.js';

export type LogType = 'SystemLog' | 'AccessLog' | 'TraceLog' | 'ErrorLog';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
/** DebugLog of serverconfig.ini: 0 none, 1 file, 2 file and console. */
export type DebugLogSetting = 0 | 1 | 2;
/** Values that change from one event to the next; never in `msg`. */
export type LogFields = Record<string, unknown>;

/** The keys of a request (AccessLog) entry, plus any other fields. */
export interface AccessFields extends LogFields {
  /** Operation name, e.g. `Authenticate`, `LoadStudy`. */
  op: string;
  /** Outcome: `OK`, an error code, or an HTTP status. */
  status: string | number;
  /** Milliseconds the operation took (the key administrators parse). */
  latencysms?: number;
  /** Address of the caller. */
  client?: string;
  /** User name of the caller. */
  user?: string;
  /** Overrides the level the status implies. */
  level?: LogLevel;
}

export interface LoggerOptions {
  /** Names the file `<processName>.log`: letters, digits, `.`, `_`, `-`. */
  processName: string;
  /** Log folder (LogFilePath); created if missing. */
  dir: string;
  /** 0 drops DEBUG, 1 writes it, 2 also echoes every line to the console. */
  debugLog?: DebugLogSetting;
  /** Rotation (LogArchiveIntervalType); daily when left out. */
  archive?: ArchiveOptions;
  /** Echo every written line to the console as well. */
  console?: boolean;
  /** Source of the time; tests inject one to cross period boundaries. */
  clock?: () => Date;
  /** Where console echoes go; process.stdout by default. */
  consoleStream?: { write(text: string): unknown };
}

// The fixed keys come first in every line; a field of the same name is kept
// under `field_<name>` rather than overwrite one.
const FIXED_KEYS = new Set(['time', 'type', 'level', 'pid', 'msg']);
const ACCESS_KEYS = ['op', 'latencysms', 'client', 'user', 'status'] as const;

interface Sink {
  file: LogFile;
  clock: () => Date;
  debugLog: DebugLogSetting;
  consoleStream: { write(text: string): unknown } | undefined;
}

/**
 * Writes one JSON object per line: `time`, `type`, `level`, `pid`, `msg`,
 * then (for requests) `op`, `latencysms`, `client`, `user`, `status`, then
 * the fields. Secrets in fields are written as `***not displayed***`.
 * Messages should be constant; put changing values in fields.
 */
export class Logger {
  readonly #sink: Sink;
  readonly #bound: LogFields;

  /** @internal Use createLogger. */
  constructor(sink: Sink, bound: LogFields) {
    this.#sink = sink;
    this.#bound = bound;
  }

  /** Path of the current log file. */
  get file(): string {
    return this.#sink.file.path;
  }

  /** Whether DEBUG entries are written (DebugLog 1 or 2). */
  get debugEnabled(): boolean {
    return this.#sink.debugLog > 0;
  }

  /** A SystemLog entry at the given level. */
  system(level: LogLevel, msg: string, fields?: LogFields): void {
    this.write('SystemLog', level, msg, fields);
  }

  info(msg: string, fields?: LogFields): void {
    this.write('SystemLog', 'INFO', msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.write('SystemLog', 'WARNING', msg, fields);
  }

  debug(msg: string, fields?: LogFields): void {
    this.write('SystemLog', 'DEBUG', msg, fields);
  }

  /** A TraceLog entry (DEBUG): step-by-step detail of an operation. */
  trace(msg: string, fields?: LogFields): void {
    this.write('TraceLog', 'DEBUG', msg, fields);
  }

  /**
   * An AccessLog entry for a request or security event. Level: `level` if
   * given, else ERROR for a numeric status of 500 or more (a server fault),
   * WARNING for 400-499, INFO otherwise. `msg` defaults to the op;
   * `latencysms` to 0 and `user` to ''.
   */
  access(entry: AccessFields, msg?: string): void {
    // Log parsers expect latencysms and user on every request line: an
    // event that waited for nothing took 0 ms, and '' means nobody known.
    const { level, latencysms = 0, user = '', ...fields } = entry;
    this.write(
      'AccessLog',
      level ?? levelOfStatus(entry.status),
      msg ?? entry.op,
      { latencysms, user, ...fields },
    );
  }

  /**
   * An ErrorLog entry at ERROR. The error is written under `err` as
   * `{ name, code, message }`, with `stack` only when DEBUG is on.
   */
  error(msg: string, err?: unknown, fields?: LogFields): void {
    const withError = err === undefined ? fields : { ...fields, err };
    this.write('ErrorLog', 'ERROR', msg, withError);
  }

  /** Writes one entry of any type and level. */
  write(type: LogType, level: LogLevel, msg: string, fields?: LogFields): void {
    const sink = this.#sink;
    if (level === 'DEBUG' && sink.debugLog === 0) return;

    const now = sink.clock();
    const line = `${JSON.stringify(this.#compose(now, type, level, msg, fields))}\n`;
    sink.file.write(line, now);
    sink.consoleStream?.write(line);
  }

  /** A logger that adds `fields` to every entry and shares this one's file. */
  child(fields: LogFields): Logger {
    return new Logger(this.#sink, { ...this.#bound, ...fields });
  }

  /** Closes the file; later entries from this logger or its children are dropped. */
  close(): void {
    this.#sink.file.close();
  }

  #compose(
    now: Date,
    type: LogType,
    level: LogLevel,
    msg: string,
    fields: LogFields | undefined,
  ): Record<string, unknown> {
    const entry: Record<string, unknown> = {
      time: formatLocalTime(now),
      type,
      level,
      pid: process.pid,
      msg: redactText(msg),
    };
    const all = { ...this.#bound, ...fields };
    const safe = redact(all, { stack: this.debugEnabled }) as LogFields;

    for (const key of ACCESS_KEYS) {
      if (key in safe) entry[key] = safe[key];
    }
    for (const [key, value] of Object.entries(safe)) {
      if (key in entry && !FIXED_KEYS.has(key)) continue;
      entry[FIXED_KEYS.has(key) ? `field_${key}` : key] = value;
    }
    return entry;
  }
}

/** Opens `<dir>/<processName>.log` (archiving a stale one) for writing. */
export function createLogger(options: LoggerOptions): Logger {
  checkOptions(options);

  const clock = options.clock ?? (() => new Date());
  const archive = options.archive ?? { intervalType: 1 };
  const debugLog = options.debugLog ?? 0;
  const echo = options.console === true || debugLog === 2;
  const sink: Sink = {
    file: new LogFile(options.dir, options.processName, archive, clock()),
    clock,
    debugLog,
    consoleStream: echo ? (options.consoleStream ?? process.stdout) : undefined,
  };
  return new Logger(sink, {});
}

function levelOfStatus(status: string | number): LogLevel {
  if (typeof status !== 'number') return 'INFO';
  if (status >= 500) return 'ERROR';
  return status >= 400 ? 'WARNING' : 'INFO';
}

function checkOptions(options: LoggerOptions): void {
  if (!/^[A-Za-z0-9._-]+$/.test(options.processName)) {
    throw makeLogError(
      'LOG_INVALID_OPTIONS',
      `processName: expected letters, digits, ".", "_" or "-", found ${JSON.stringify(options.processName)}`,
    );
  }

  const debugLog = options.debugLog ?? 0;
  if (![0, 1, 2].includes(debugLog)) {
    throw makeLogError(
      'LOG_INVALID_OPTIONS',
      `debugLog: expected 0, 1 or 2, found ${JSON.stringify(debugLog)}`,
    );
  }

  const archive = options.archive ?? { intervalType: 1 };
  const days = archive.customIntervalDays ?? 7;
  if (![1, 2, 3, 4].includes(archive.intervalType)) {
    throw makeLogError(
      'LOG_INVALID_OPTIONS',
      `archive.intervalType: expected 1, 2, 3 or 4, found ${JSON.stringify(archive.intervalType)}`,
    );
  }
  if (!Number.isInteger(days) || days < 1) {
    throw makeLogError(
      'LOG_INVALID_OPTIONS',
      `archive.customIntervalDays: expected a whole number of at least 1, found ${JSON.stringify(days)}`,
    );
  }
}
