import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { NOT_DISPLAYED } from '../src/redact.js';
import { makeClock, makeTempDir, readEntries } from './helpers.js';

const TIME_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/;

function collectConsole() {
  const lines: string[] = [];
  return { lines, stream: { write: (text: string) => lines.push(text) } };
}

describe('createLogger', () => {
  it('writes <processName>.log in a folder it creates', () => {
    const dir = join(makeTempDir(), 'ServerLogs', 'nested');
    const log = createLogger({ processName: 'core-server', dir });
    log.info('Core Server started');
    log.close();
    expect(log.file).toBe(join(dir, 'core-server.log'));
    expect(readEntries(log.file)).toHaveLength(1);
  });

  it('writes the fixed keys first, in their formats', () => {
    const log = createLogger({
      processName: 'core-server',
      dir: makeTempDir(),
    });
    log.system('WARNING', 'Certificate expires soon', { days: 3 });
    log.close();

    const [entry] = readEntries(log.file);
    expect(Object.keys(entry ?? {})).toEqual([
      'time',
      'type',
      'level',
      'pid',
      'msg',
      'days',
    ]);
    expect(entry?.time).toMatch(TIME_WITH_OFFSET);
    expect(entry).toMatchObject({
      type: 'SystemLog',
      level: 'WARNING',
      pid: process.pid,
      msg: 'Certificate expires soon',
      days: 3,
    });
  });

  it('writes the time of the injected clock with the local offset', () => {
    const clock = makeClock(new Date(2026, 11, 4, 16, 20, 1, 123));
    const log = createLogger({
      processName: 'p',
      dir: makeTempDir(),
      clock: clock.now,
    });
    log.info('tick');
    log.close();
    const time = readEntries(log.file)[0]?.time as string;
    expect(time.startsWith('2026-12-04T16:20:01.123')).toBe(true);
    expect(Date.parse(time)).toBe(clock.now().getTime());
  });

  it('writes request entries with op, latencysms, client, user and status', () => {
    const log = createLogger({
      processName: 'core-server',
      dir: makeTempDir(),
    });
    log.access({
      op: 'Authenticate',
      status: 'OK',
      client: '127.0.0.1:50312',
      user: 'ana',
      latencysms: 12,
      sessionId: 's-1',
    });
    log.close();

    const [entry] = readEntries(log.file);
    expect(Object.keys(entry ?? {})).toEqual([
      'time',
      'type',
      'level',
      'pid',
      'msg',
      'op',
      'latencysms',
      'client',
      'user',
      'status',
      'sessionId',
    ]);
    expect(entry).toMatchObject({
      type: 'AccessLog',
      level: 'INFO',
      msg: 'Authenticate',
      latencysms: 12,
    });
  });

  it('gives an event without latencysms or user 0 and an empty user', () => {
    const log = createLogger({ processName: 'p', dir: makeTempDir() });
    log.access({ op: 'AcceptConnection', status: 'Success', client: '::1' });
    log.close();

    const [entry] = readEntries(log.file);
    expect(Object.keys(entry ?? {}).slice(5, 10)).toEqual([
      'op',
      'latencysms',
      'client',
      'user',
      'status',
    ]);
    expect(entry).toMatchObject({ latencysms: 0, user: '' });
  });

  it('logs a server fault at ERROR and a client fault at WARNING unless told', () => {
    const log = createLogger({ processName: 'p', dir: makeTempDir() });
    log.access({ op: 'LoadStudy', status: 500 });
    log.access({ op: 'LoadStudy', status: 404 });
    log.access({ op: 'LoadStudy', status: 200 });
    log.access(
      { op: 'Authenticate', status: 'CORE_AUTH_FAILED', level: 'WARNING' },
      'Login refused',
    );
    log.close();
    const entries = readEntries(log.file);
    expect(entries.map((e) => e.level)).toEqual([
      'ERROR',
      'WARNING',
      'INFO',
      'WARNING',
    ]);
    expect(entries[3]).toMatchObject({
      msg: 'Login refused',
      status: 'CORE_AUTH_FAILED',
    });
    expect(entries[3]).not.toHaveProperty('field_level');
  });

  it('never writes a secret, however deep', () => {
    const log = createLogger({ processName: 'p', dir: makeTempDir() });
    log.access({
      op: 'AddUser',
      status: 'OK',
      user: 'admin',
      password: 'hunter2',
      params: { newUser: { name: 'bo', password: 'pw123' }, tokens: ['eyJ'] },
    });
    log.info('Manager joined', {
      recruitersecret: 'abc',
      headers: { cookie: 'c' },
    });
    log.close();

    const text = JSON.stringify(readEntries(log.file));
    for (const secret of ['hunter2', 'pw123', 'abc', '"c"']) {
      expect(text).not.toContain(secret);
    }
    expect(readEntries(log.file)[0]).toMatchObject({
      password: NOT_DISPLAYED,
      params: {
        newUser: { name: 'bo', password: NOT_DISPLAYED },
        tokens: NOT_DISPLAYED,
      },
    });
  });

  it('writes errors under err with code and message, and the stack only at DEBUG', () => {
    const quiet = createLogger({ processName: 'quiet', dir: makeTempDir() });
    const verbose = createLogger({
      processName: 'verbose',
      dir: makeTempDir(),
      debugLog: 1,
    });
    const error = Object.assign(new Error('Database locked'), {
      code: 'SQLITE_BUSY',
    });
    quiet.error('Import failed', error, { folder: '/in' });
    verbose.error('Import failed', error);
    quiet.close();
    verbose.close();

    expect(readEntries(quiet.file)[0]).toEqual({
      time: expect.any(String),
      type: 'ErrorLog',
      level: 'ERROR',
      pid: process.pid,
      msg: 'Import failed',
      folder: '/in',
      err: { name: 'Error', code: 'SQLITE_BUSY', message: 'Database locked' },
    });
    const verboseErr = readEntries(verbose.file)[0]?.err as { stack?: string };
    expect(verboseErr.stack).toContain('Database locked');
  });

  it('keeps a field named like a fixed key under field_<name>', () => {
    const log = createLogger({ processName: 'p', dir: makeTempDir() });
    log.info('Clock checked', { time: 'mine', level: 3 });
    log.close();
    expect(readEntries(log.file)[0]).toMatchObject({
      level: 'INFO',
      field_time: 'mine',
      field_level: 3,
    });
  });

  it('adds a child logger’s fields to every entry it writes', () => {
    const log = createLogger({ processName: 'p', dir: makeTempDir() });
    const session = log.child({ sessionId: 's-9', user: 'ana' });
    session.info('Study opened', { study: '1.2.3' });
    log.info('Plain');
    log.close();
    const [first, second] = readEntries(log.file);
    expect(first).toMatchObject({
      sessionId: 's-9',
      user: 'ana',
      study: '1.2.3',
    });
    expect(second).not.toHaveProperty('sessionId');
  });

  it('drops DEBUG and TraceLog entries at DebugLog 0 and writes them at 1', () => {
    const dir = makeTempDir();
    const off = createLogger({ processName: 'off', dir, debugLog: 0 });
    const on = createLogger({ processName: 'on', dir, debugLog: 1 });
    for (const log of [off, on]) {
      log.debug('Cache trimmed');
      log.trace('Frame decoded', { frame: 3 });
      log.info('Still here');
      log.close();
    }
    expect(readEntries(off.file).map((e) => e.msg)).toEqual(['Still here']);
    expect(readEntries(on.file).map((e) => [e.type, e.level])).toEqual([
      ['SystemLog', 'DEBUG'],
      ['TraceLog', 'DEBUG'],
      ['SystemLog', 'INFO'],
    ]);
    expect(off.debugEnabled).toBe(false);
    expect(on.debugEnabled).toBe(true);
  });

  it('echoes every line to the console at DebugLog 2, and not at 1', () => {
    const two = collectConsole();
    const one = collectConsole();
    const dir = makeTempDir();
    const loud = createLogger({
      processName: 'a',
      dir,
      debugLog: 2,
      consoleStream: two.stream,
    });
    const file = createLogger({
      processName: 'b',
      dir,
      debugLog: 1,
      consoleStream: one.stream,
    });
    for (const log of [loud, file]) {
      log.debug('Detail');
      log.info('Event');
      log.close();
    }
    expect(two.lines.map((l) => JSON.parse(l).msg)).toEqual([
      'Detail',
      'Event',
    ]);
    expect(one.lines).toEqual([]);
    expect(readEntries(loud.file)).toHaveLength(2);
  });

  it('echoes to the console when asked, whatever the debug level', () => {
    const out = collectConsole();
    const log = createLogger({
      processName: 'a',
      dir: makeTempDir(),
      console: true,
      consoleStream: out.stream,
    });
    log.debug('Hidden');
    log.info('Shown');
    log.close();
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatch(/"msg":"Shown"/);
  });

  it('has the line in the file as soon as the call returns', () => {
    const log = createLogger({ processName: 'p', dir: makeTempDir() });
    log.info('Before a crash');
    // Read before close: nothing may be held back in a buffer.
    expect(readEntries(log.file).map((e) => e.msg)).toEqual(['Before a crash']);
    log.close();
  });

  it('drops entries after close instead of writing to a reused descriptor', () => {
    const dir = makeTempDir();
    const log = createLogger({ processName: 'p', dir });
    log.info('Open');
    log.close();
    // The lowest free descriptor is the one the log just released.
    const other = join(dir, 'other.txt');
    const fd = openSync(other, 'a');
    log.info('After close');
    log.close();
    closeSync(fd);
    expect(readEntries(log.file).map((e) => e.msg)).toEqual(['Open']);
    expect(readFileSync(other, 'utf8')).toBe('');
  });

  it.each([
    [{ processName: '../evil' }, 'processName: expected letters, digits'],
    [
      { processName: 'p', debugLog: 3 as 0 },
      'debugLog: expected 0, 1 or 2, found 3',
    ],
    [
      { processName: 'p', archive: { intervalType: 5 as 1 } },
      'archive.intervalType: expected 1, 2, 3 or 4',
    ],
    [
      {
        processName: 'p',
        archive: { intervalType: 4 as const, customIntervalDays: 0 },
      },
      'archive.customIntervalDays: expected a whole number of at least 1, found 0',
    ],
  ])('rejects bad options: %j', (options, message) => {
    let thrown: unknown;
    try {
      createLogger({ dir: makeTempDir(), ...options });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'LOG_INVALID_OPTIONS' });
    expect((thrown as Error).message).toContain(message);
  });

  it('says which folder it could not create', () => {
    const blocked = join(makeTempDir(), 'file');
    writeFileSync(blocked, '');
    expect(() =>
      createLogger({ processName: 'p', dir: join(blocked, 'logs') }),
    ).toThrow(expect.objectContaining({ code: 'LOG_DIR_FAILED' }));
  });
});
