import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { join, relative } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { parseDicom, Tag } from '@atrium/dicom';
import { testdataDir, testdataPath } from '@atrium/testdata';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CoreContext } from '../src/context.js';
import { importPaths, type ImportSummary } from '../src/import/import-paths.js';
import { findInstance } from '../src/studies/find-instance.js';
import { getStudy } from '../src/studies/get-study.js';
import {
  cleanUp,
  makeTempDir,
  openTempContext,
  sunnybrookDir,
} from './support/temp-core.js';
import { holdWriteLock } from './support/hold-write-lock.js';
import {
  makePart10,
  makeSyntheticInstance,
} from './support/synthetic-dicom.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Path, size, modification time and content hash of every file. */
function snapshotTree(dir: string): string[] {
  return listFiles(dir).map((path) => {
    const info = statSync(path);
    return `${relative(dir, path)} ${info.size} ${info.mtimeMs} ${sha256(path)}`;
  });
}

function readLogLines(ctx: CoreContext): Record<string, unknown>[] {
  return readFileSync(ctx.log.file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function countRows(ctx: CoreContext, table: string): number {
  return ctx.db
    .prepare(`SELECT COUNT(*) FROM ${table}`)
    .pluck()
    .get() as number;
}

describe('importPaths on the shared test data', () => {
  const testdata = testdataDir();
  const dicomFiles = listFiles(testdata).filter((p) => p.endsWith('.dcm'));
  const otherFiles = listFiles(testdata).filter((p) => !p.endsWith('.dcm'));
  // The SOP Instance UID of each file, read straight from the file, so the
  // expected counts follow the data rather than numbers typed in here.
  const uidOf = new Map(
    dicomFiles.map((path) => {
      const ds = parseDicom(readFileSync(path));
      const uid =
        ds.string(Tag.SOPInstanceUID) ??
        ds.string(Tag.MediaStorageSOPInstanceUID);
      return [path, uid] as const;
    }),
  );
  const distinctUids = new Set(uidOf.values());

  let ctx: CoreContext;
  let before: string[];
  let first: ImportSummary;
  let second: ImportSummary;

  beforeAll(async () => {
    before = snapshotTree(testdata);
    ctx = openTempContext();
    first = await importPaths(ctx, [testdata]);
    second = await importPaths(ctx, [testdata]);
  });
  afterAll(cleanUp);

  it('imports every readable object once, counting shared SOP Instance UIDs once', () => {
    expect(first.imported).toBe(distinctUids.size);
    expect(first.alreadyPresent).toBe(dicomFiles.length - distinctUids.size);
    expect(first.quarantined).toBe(0);
    expect(countRows(ctx, 'instances')).toBe(distinctUids.size);
  });

  it('skips the reference PNGs and the manifest as not DICOM', () => {
    expect(first.notDicom).toBe(otherFiles.length);
    expect(otherFiles.some((path) => path.endsWith('.ref.png'))).toBe(true);
  });

  it('keeps the first file of each shared SOP Instance UID, in name order', () => {
    const ctFiles = dicomFiles.filter((path) => path.includes('/ts/CT_'));
    const sharedUid = uidOf.get(ctFiles[0]!)!;
    const sharing = dicomFiles.filter((path) => uidOf.get(path) === sharedUid);
    expect(sharing.length).toBeGreaterThan(5);

    const stored = findInstance(ctx.db, sharedUid);
    expect(sha256(stored!.filePath)).toBe(sha256(sharing[0]!));
    expect(first.conflicts).toBe(first.alreadyPresent);
  });

  it('imports nothing new the second time', () => {
    expect(second.imported).toBe(0);
    expect(second.alreadyPresent).toBe(dicomFiles.length);
    expect(second.notDicom).toBe(otherFiles.length);
    expect(countRows(ctx, 'instances')).toBe(distinctUids.size);
  });

  it('leaves the source tree exactly as it was', () => {
    expect(snapshotTree(testdata)).toEqual(before);
  });

  it('stores copies under the image store, byte for byte', () => {
    const uid = uidOf.get(join(sunnybrookDir(), '1.dcm'))!;
    const stored = findInstance(ctx.db, uid)!;
    expect(stored.filePath.startsWith(ctx.config.general.imageDbPath)).toBe(
      true,
    );
    expect(sha256(stored.filePath)).toBe(
      sha256(join(sunnybrookDir(), '1.dcm')),
    );
    expect(stored.fileSize).toBe(statSync(stored.filePath).size);
  });

  it('indexes files with damaged pixel data and flags them with the reason', () => {
    const missingRows = findInstance(
      ctx.db,
      uidOf.get(testdataPath('edge/MR_missing_Rows.dcm'))!,
    );
    const truncated = findInstance(
      ctx.db,
      uidOf.get(testdataPath('edge/MR_truncated_pixeldata.dcm'))!,
    );
    expect(missingRows?.pixelStatus).toBe('flagged');
    expect(missingRows?.pixelStatusReason).toMatch(/Rows/);
    expect(truncated?.pixelStatus).toBe('flagged');
    expect(truncated?.pixelStatusReason).toMatch(/truncated/i);
  });

  it('indexes SR, ECG and PDF objects as instances without an image', () => {
    for (const name of [
      'edge/SR_test.dcm',
      'cardiac/waveform_ecg.dcm',
      'edge/EncapsulatedPDF_generated.dcm',
    ]) {
      const instance = findInstance(ctx.db, uidOf.get(testdataPath(name))!);
      expect(instance, name).toMatchObject({
        hasPixelData: false,
        pixelStatus: 'none',
        frames: 0,
      });
    }
  });

  it('keeps invalid dates as found and leaves their sortable date empty', () => {
    const ds = parseDicom(readFileSync(join(sunnybrookDir(), '1.dcm')));
    const study = getStudy(ctx.db, ds.string(Tag.StudyInstanceUID)!);
    expect(study?.studyDate).toBe('20120000');
    expect(study?.studyDateNormalised).toBeNull();
    expect(study?.patientBirthDate).toBe('00000000');
    expect(study?.instanceCount).toBe(240);
  });

  it('indexes an object without Study and Series UIDs under derived UIDs', () => {
    const path = testdataPath(
      'ts/RGB_HTJ2KLossless_1.2.840.10008.1.2.4.201.dcm',
    );
    const instance = findInstance(ctx.db, uidOf.get(path)!);
    expect(instance?.studyUid).toMatch(/^2\.25\.\d+$/);
    expect(instance?.seriesUid).toMatch(/^2\.25\.\d+$/);
    expect(instance?.studyUid).not.toBe(instance?.seriesUid);
  });

  it('logs the start and end with counts and an ImportStudy entry per study', () => {
    const lines = readLogLines(ctx);
    const finished = lines.filter((line) => line.msg === 'Import finished');
    expect(lines.some((line) => line.msg === 'Import started')).toBe(true);
    expect(finished[0]).toMatchObject({
      type: 'SystemLog',
      level: 'INFO',
      imported: first.imported,
      quarantined: 0,
    });
    const studies = lines.filter((line) => line.op === 'ImportStudy');
    expect(studies).toHaveLength(countRows(ctx, 'studies'));
    expect(studies[0]).toMatchObject({ type: 'AccessLog', status: 'Success' });
  });
});

describe('importPaths on damaged and foreign files', () => {
  afterEach(cleanUp);

  it('quarantines files that look like DICOM but cannot be indexed, with the reason beside them', async () => {
    const source = makeTempDir();
    writeFileSync(join(source, 'text-named-like.dcm'), 'hello, not an image');
    writeFileSync(
      join(source, 'no-uid.dcm'),
      makePart10([[0x00100010, 'PN', 'Nobody^Here']]),
    );
    const ctx = openTempContext();

    const summary = await importPaths(ctx, [source]);

    expect(summary).toMatchObject({ imported: 0, quarantined: 2, notDicom: 0 });
    const quarantine = join(ctx.dataDir, 'quarantine');
    const notes = readdirSync(quarantine)
      .filter((name) => name.endsWith('.json'))
      .map(
        (name) =>
          JSON.parse(readFileSync(join(quarantine, name), 'utf8')) as {
            source: string;
            reason: string;
          },
      );
    expect(notes.map((note) => note.source).sort()).toEqual([
      join(source, 'no-uid.dcm'),
      join(source, 'text-named-like.dcm'),
    ]);
    expect(notes.find((n) => n.source.endsWith('no-uid.dcm'))?.reason).toBe(
      'SOPInstanceUID is missing',
    );
    const copies = readdirSync(quarantine).filter((n) => !n.endsWith('.json'));
    expect(copies).toHaveLength(2);
    const warnings = readLogLines(ctx).filter(
      (line) => line.msg === 'Import quarantined a file',
    );
    expect(warnings).toHaveLength(2);
    expect(warnings[0]?.level).toBe('WARNING');
  });

  it('skips text and PNG files without quarantining them', async () => {
    const source = makeTempDir();
    writeFileSync(join(source, 'readme.txt'), 'notes about the study');
    copyFileSync(
      join(sunnybrookDir(), '1.ref.png'),
      join(source, 'picture.png'),
    );
    const ctx = openTempContext();

    const summary = await importPaths(ctx, [source]);

    expect(summary).toMatchObject({ notDicom: 2, quarantined: 0, imported: 0 });
    expect(readdirSync(join(ctx.dataDir, 'quarantine'))).toEqual([]);
  });

  it('keeps the stored copy when a file with the same SOP Instance UID but other content arrives', async () => {
    const original = join(sunnybrookDir(), '1.dcm');
    const source = makeTempDir();
    const changed = readFileSync(original);
    const last = changed.byteLength - 1;
    changed[last] = changed[last]! ^ 0xff;
    writeFileSync(join(source, 'changed.dcm'), changed);
    const ctx = openTempContext();

    await importPaths(ctx, [original]);
    const summary = await importPaths(ctx, [source]);

    expect(summary).toMatchObject({
      imported: 0,
      alreadyPresent: 1,
      conflicts: 1,
    });
    const uid = parseDicom(changed).string(Tag.SOPInstanceUID)!;
    expect(sha256(findInstance(ctx.db, uid)!.filePath)).toBe(sha256(original));
    const conflict = readLogLines(ctx).find((line) =>
      String(line.msg).startsWith('Import conflict'),
    );
    expect(conflict).toMatchObject({
      level: 'WARNING',
      sopInstanceUid: uid,
      source: join(source, 'changed.dcm'),
    });
  });

  it('counts an identical copy as already present without a conflict', async () => {
    const original = join(sunnybrookDir(), '1.dcm');
    const source = makeTempDir();
    copyFileSync(original, join(source, 'same.dcm'));
    const ctx = openTempContext();

    await importPaths(ctx, [original]);
    const summary = await importPaths(ctx, [source]);

    expect(summary).toMatchObject({ alreadyPresent: 1, conflicts: 0 });
  });

  it('stores objects whose UIDs are long or odd under safe names', async () => {
    const odd = `1.2.3/../${'9'.repeat(80)}`;
    const source = makeTempDir();
    writeFileSync(
      join(source, 'odd.dcm'),
      makeSyntheticInstance({
        sopInstanceUid: odd,
        studyUid: '..',
        seriesUid: 'a b\\c',
      }),
    );
    const ctx = openTempContext();

    const summary = await importPaths(ctx, [source]);

    expect(summary.imported).toBe(1);
    const stored = findInstance(ctx.db, odd)!;
    const inside = relative(ctx.config.general.imageDbPath, stored.filePath);
    expect(inside.startsWith('..')).toBe(false);
    expect(inside.split('/')).toHaveLength(3);
    expect(readFileSync(stored.filePath)).toEqual(
      readFileSync(join(source, 'odd.dcm')),
    );
  });

  it('reports progress for every file', async () => {
    const ctx = openTempContext();
    const seen: number[] = [];
    await importPaths(ctx, [sunnybrookDir()], {
      onProgress: (progress) => seen.push(progress.done),
    });
    const files = listFiles(sunnybrookDir()).length;
    expect(seen).toEqual(Array.from({ length: files }, (_, i) => i + 1));
  });

  it('refuses a path that does not exist before importing anything', async () => {
    const ctx = openTempContext();
    const missing = join(makeTempDir(), 'nowhere');
    await expect(
      importPaths(ctx, [sunnybrookDir(), missing]),
    ).rejects.toMatchObject({ code: 'CORE_IMPORT_PATH_MISSING' });
    expect(countRows(ctx, 'instances')).toBe(0);
  });

  it('never imports its own image store or quarantine when given the data directory', async () => {
    const ctx = openTempContext();
    await importPaths(ctx, [join(sunnybrookDir(), '1.dcm')]);
    mkdirSync(join(ctx.dataDir, 'quarantine'), { recursive: true });

    const summary = await importPaths(ctx, [ctx.dataDir]);

    expect(summary.imported + summary.alreadyPresent).toBe(0);
  });
});

describe('importPaths beside another writer', () => {
  afterEach(cleanUp);

  it('waits for another process holding the write lock instead of failing', async () => {
    const ctx = openTempContext();
    const holder = await holdWriteLock(ctx.config.general.sqlDatabasePath, 700);

    const summary = await importPaths(ctx, [join(sunnybrookDir(), '1.dcm')]);
    const [code] = (await once(holder, 'exit')) as [number];

    expect(code).toBe(0);
    expect(summary.imported).toBe(1);
    expect(countRows(ctx, 'instances')).toBe(1);
  });

  it('lets another process open the database while an import holds the write lock', async () => {
    const dataDir = makeTempDir();
    openTempContext(dataDir);
    const path = join(dataDir, 'sqldb', 'atrium.sqlite');
    const holder = await holdWriteLock(path, 3000);

    // Opening and reading must not need the lock the other process holds.
    const second = openTempContext(dataDir);
    const count = countRows(second, 'studies');

    // Had the open waited for the lock, the holder would have let it go.
    const probe = new BetterSqlite3(path);
    probe.pragma('busy_timeout = 0');
    expect(() => probe.exec('BEGIN IMMEDIATE')).toThrow(/locked|busy/i);
    probe.close();
    holder.kill();
    expect(count).toBe(0);
  });
});
