import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArchiveOptions } from '../src/archive-period.js';
import { createLogger } from '../src/logger.js';
import { makeClock, makeTempDir, readEntries } from './helpers.js';

/** Logs one line at each moment and returns the folder's files. */
function logAcross(archive: ArchiveOptions, moments: Date[]) {
  const dir = makeTempDir();
  const clock = makeClock(moments[0] as Date);
  const log = createLogger({
    processName: 'core-server',
    dir,
    archive,
    clock: clock.now,
  });
  moments.forEach((moment, index) => {
    clock.set(moment);
    log.info('Tick', { index });
  });
  log.close();
  return { dir, files: readdirSync(dir).sort() };
}

function indexesIn(dir: string, file: string): unknown[] {
  return readEntries(join(dir, file)).map((e) => e.index);
}

describe('log rotation', () => {
  it('archives the file under its day when the local date changes', () => {
    const { dir, files } = logAcross({ intervalType: 1 }, [
      new Date(2026, 11, 3, 10),
      new Date(2026, 11, 3, 23, 59, 59),
      new Date(2026, 11, 4, 0, 0, 1),
    ]);
    expect(files).toEqual(['core-server.2026-12-03.log', 'core-server.log']);
    expect(indexesIn(dir, 'core-server.2026-12-03.log')).toEqual([0, 1]);
    expect(indexesIn(dir, 'core-server.log')).toEqual([2]);
  });

  it('archives weekly when Sunday turns into Monday, not before', () => {
    const { dir, files } = logAcross({ intervalType: 2 }, [
      new Date(2026, 10, 30, 9), // Monday of ISO week 49
      new Date(2026, 11, 4, 9),
      new Date(2026, 11, 6, 23),
      new Date(2026, 11, 7, 1), // Monday of week 50
    ]);
    expect(files).toEqual(['core-server.2026-W49.log', 'core-server.log']);
    expect(indexesIn(dir, 'core-server.2026-W49.log')).toEqual([0, 1, 2]);
  });

  it('archives monthly across a year end', () => {
    const { files } = logAcross({ intervalType: 3 }, [
      new Date(2026, 10, 30, 12),
      new Date(2026, 11, 1, 0, 5),
      new Date(2026, 11, 31, 23),
      new Date(2027, 0, 1, 0, 1),
    ]);
    expect(files).toEqual([
      'core-server.2026-11.log',
      'core-server.2026-12.log',
      'core-server.log',
    ]);
  });

  it('archives every N days on the custom interval', () => {
    const { dir, files } = logAcross(
      { intervalType: 4, customIntervalDays: 10 },
      [
        new Date(2026, 4, 27, 12),
        new Date(2026, 5, 5, 23),
        new Date(2026, 5, 6, 0, 30),
        new Date(2026, 5, 15, 12),
      ],
    );
    expect(files).toEqual([
      'core-server.2026-05-27_2026-06-05.log',
      'core-server.log',
    ]);
    expect(indexesIn(dir, 'core-server.log')).toEqual([2, 3]);
  });

  it('skips periods with no lines without leaving empty files', () => {
    const { files } = logAcross({ intervalType: 1 }, [
      new Date(2026, 11, 1, 12),
      new Date(2026, 11, 5, 12),
    ]);
    expect(files).toEqual(['core-server.2026-12-01.log', 'core-server.log']);
  });

  it('keeps writing to the current file when the clock is set back', () => {
    const { files } = logAcross({ intervalType: 1 }, [
      new Date(2026, 11, 4, 0, 10),
      new Date(2026, 11, 3, 23, 55),
    ]);
    expect(files).toEqual(['core-server.log']);
  });

  it('adds a suffix instead of overwriting an archive that exists', () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'core-server.2026-12-03.log'), 'older\n');
    writeFileSync(join(dir, 'core-server.2026-12-03.2.log'), 'older still\n');
    const clock = makeClock(new Date(2026, 11, 3, 12));
    const log = createLogger({
      processName: 'core-server',
      dir,
      clock: clock.now,
    });
    log.info('Tick');
    clock.set(new Date(2026, 11, 4, 12));
    log.info('Tock');
    log.close();

    expect(readdirSync(dir).sort()).toEqual([
      'core-server.2026-12-03.2.log',
      'core-server.2026-12-03.3.log',
      'core-server.2026-12-03.log',
      'core-server.log',
    ]);
    expect(readFileSync(join(dir, 'core-server.2026-12-03.log'), 'utf8')).toBe(
      'older\n',
    );
  });

  it('archives a file left by an earlier run under the period it was last written in', () => {
    const dir = makeTempDir();
    const leftover = join(dir, 'core-server.log');
    writeFileSync(leftover, '{"msg":"yesterday"}\n');
    const yesterday = new Date(2026, 11, 3, 18);
    utimesSync(leftover, yesterday, yesterday);

    const log = createLogger({
      processName: 'core-server',
      dir,
      clock: () => new Date(2026, 11, 4, 8),
    });
    log.info('Started');
    log.close();
    expect(readdirSync(dir).sort()).toEqual([
      'core-server.2026-12-03.log',
      'core-server.log',
    ]);
    expect(readEntries(log.file).map((e) => e.msg)).toEqual(['Started']);
  });

  it('appends to a file left earlier in the same period', () => {
    const dir = makeTempDir();
    const morning = new Date(2026, 11, 4, 8);
    const clock = () => new Date(2026, 11, 4, 17);
    const first = createLogger({ processName: 'core-server', dir, clock });
    first.info('First run');
    first.close();
    utimesSync(first.file, morning, morning);

    const second = createLogger({ processName: 'core-server', dir, clock });
    second.info('Second run');
    second.close();
    expect(readdirSync(dir)).toEqual(['core-server.log']);
    expect(readEntries(second.file).map((e) => e.msg)).toEqual([
      'First run',
      'Second run',
    ]);
  });

  it('leaves other files in the log folder alone', () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'webclient-service.log'), 'other\n');
    writeFileSync(join(dir, 'notes.txt'), 'admin notes\n');
    const clock = makeClock(new Date(2026, 0, 1, 12));
    const log = createLogger({
      processName: 'core-server',
      dir,
      clock: clock.now,
    });
    for (let day = 1; day <= 40; day++) {
      clock.set(new Date(2026, 0, day, 12));
      log.info('Tick');
    }
    log.close();
    const files = readdirSync(dir);
    expect(files).toContain('webclient-service.log');
    expect(files).toContain('notes.txt');
    expect(files.filter((f) => f.startsWith('core-server.'))).toHaveLength(40);
  });
});
