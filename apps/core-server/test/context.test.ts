import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCoreContext } from '../src/context.js';
import { importPaths } from '../src/import/import-paths.js';
import { makeSyntheticInstance } from './support/synthetic-dicom.js';
import { readSchemaVersion } from '../src/db/migrate.js';
import { migrations } from '../src/db/migrations/index.js';
import { cleanUp, makeTempDir } from './support/temp-core.js';

describe('openCoreContext', () => {
  afterEach(cleanUp);

  it('writes the first-run configuration and opens a migrated database and a log', () => {
    const dataDir = makeTempDir();
    const ctx = openCoreContext({ dataDir, processName: 'core-test' });

    expect(ctx.dataDir).toBe(dataDir);
    expect(existsSync(join(dataDir, 'serverconfig.ini'))).toBe(true);
    expect(ctx.config.general.sqlDatabasePath).toBe(
      join(dataDir, 'sqldb', 'atrium.sqlite'),
    );
    expect(readSchemaVersion(ctx.db)).toBe(migrations.at(-1)?.version);
    expect(ctx.log.file).toBe(join(dataDir, 'ServerLogs', 'core-test.log'));
    const firstLine = readFileSync(ctx.log.file, 'utf8').split('\n')[0];
    expect(JSON.parse(firstLine!)).toMatchObject({
      msg: 'Database schema migrated',
      from: 0,
    });
    ctx.close();
    expect(ctx.db.open).toBe(false);
  });

  it('follows SqlDatabasePath and LogFilePath from serverconfig.ini', () => {
    const dataDir = makeTempDir();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(
      join(dataDir, 'serverconfig.ini'),
      '[General]\nSqlDatabasePath=elsewhere/index.sqlite\nLogFilePath=logs\n',
    );

    const ctx = openCoreContext({ dataDir });
    ctx.close();

    expect(existsSync(join(dataDir, 'elsewhere', 'index.sqlite'))).toBe(true);
    expect(existsSync(join(dataDir, 'logs', 'core-server.log'))).toBe(true);
  });

  it('migrates nothing when the database is already current', () => {
    const dataDir = makeTempDir();
    openCoreContext({ dataDir }).close();
    const again = openCoreContext({ dataDir });
    const log = readFileSync(again.log.file, 'utf8');
    again.close();
    expect(log.match(/Database schema migrated/g)).toHaveLength(1);
  });

  it.each([
    ['1', '', /^core-server\.\d{4}-\d\d-\d\d\.log$/],
    ['2', '', /^core-server\.\d{4}-W\d\d\.log$/],
    ['3', '', /^core-server\.\d{4}-\d\d\.log$/],
    [
      '4',
      'LogArchiveCustomInterval=30\n',
      /^core-server\.\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.log$/,
    ],
  ])(
    'archives the log as LogArchiveIntervalType %s says and deletes nothing',
    (type, extra, archiveName) => {
      const dataDir = makeTempDir();
      writeFileSync(
        join(dataDir, 'serverconfig.ini'),
        `[General]\nLogArchiveIntervalType=${type}\n${extra}`,
      );
      // A log left by a run 70 days ago: an earlier period whatever the type.
      const logDir = join(dataDir, 'ServerLogs');
      mkdirSync(logDir);
      const leftover = join(logDir, 'core-server.log');
      writeFileSync(leftover, '{"msg":"from the earlier run"}\n');
      const then = new Date(Date.now() - 70 * 24 * 60 * 60 * 1000);
      utimesSync(leftover, then, then);

      const ctx = openCoreContext({ dataDir });
      ctx.log.info('Started again');
      ctx.close();

      const files = readdirSync(logDir).sort();
      expect(files).toHaveLength(2);
      const archived = files.find((name) => name !== 'core-server.log')!;
      expect(archived).toMatch(archiveName);
      expect(readFileSync(join(logDir, archived), 'utf8')).toBe(
        '{"msg":"from the earlier run"}\n',
      );
      expect(readFileSync(leftover, 'utf8')).toContain('Started again');
    },
  );

  it('logs and shows a warning when serverconfig.ini is empty, then uses the defaults', () => {
    const dataDir = makeTempDir();
    const file = join(dataDir, 'serverconfig.ini');
    writeFileSync(file, '');
    const shown: string[] = [];

    const ctx = openCoreContext({ dataDir, warn: (w) => shown.push(w) });
    const log = readFileSync(ctx.log.file, 'utf8');
    ctx.close();

    const warning = `${file}: the file is empty, so every setting takes its default`;
    expect(shown).toEqual([warning]);
    expect(ctx.config.general.clientPort).toBe(49696);
    const entry = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === 'Configuration warning');
    expect(entry).toMatchObject({ level: 'WARNING', warning });
  });

  it('creates the database, images, quarantine, incoming folder and logs for the owner only, whatever the umask', async () => {
    const dataDir = makeTempDir();
    const source = makeTempDir();
    writeFileSync(
      join(source, 'a.dcm'),
      makeSyntheticInstance({
        sopInstanceUid: '1.2.3.4',
        studyUid: '1.2.3',
        seriesUid: '1.2.3.1',
      }),
    );
    writeFileSync(join(source, 'broken.dcm'), 'not DICOM at all');
    const saved = process.umask(0);
    const ctx = openCoreContext({ dataDir, processName: 'core-test' });
    let modes: FileMode[];
    try {
      const summary = await importPaths(ctx, [source]);
      expect(summary).toMatchObject({ imported: 1, quarantined: 1 });
      // Read while the database is open: closing removes its -wal file.
      modes = readModes(dataDir, [
        'sqldb',
        'imagedb',
        'quarantine',
        'incoming',
        'ServerLogs',
      ]);
    } finally {
      ctx.close();
      process.umask(saved);
    }

    const folders = modes.filter((entry) => entry.folder);
    const files = modes.filter((entry) => !entry.folder);
    expect(folders).toHaveLength(7);
    expect(files.map((entry) => entry.path)).toEqual(
      expect.arrayContaining([
        'sqldb/atrium.sqlite',
        'sqldb/atrium.sqlite-wal',
        'imagedb/1.2.3/1.2.3.1/1.2.3.4.dcm',
        'ServerLogs/core-test.log',
      ]),
    );
    expect(new Set(folders.map((entry) => entry.mode))).toEqual(
      new Set(['700']),
    );
    expect(new Set(files.map((entry) => entry.mode))).toEqual(new Set(['600']));
  });
});

interface FileMode {
  path: string;
  /** Octal permission bits, e.g. '600'. */
  mode: string;
  folder: boolean;
}

/** The given folders and all they hold, by path relative to `dataDir`. */
function readModes(dataDir: string, tops: string[]): FileMode[] {
  const paths = tops.flatMap((top) => [
    join(dataDir, top),
    ...readdirSync(join(dataDir, top), { recursive: true }).map((entry) =>
      join(dataDir, top, String(entry)),
    ),
  ]);
  return paths.map((path) => {
    const info = statSync(path);
    return {
      path: relative(dataDir, path),
      mode: (info.mode & 0o777).toString(8),
      folder: info.isDirectory(),
    };
  });
}
