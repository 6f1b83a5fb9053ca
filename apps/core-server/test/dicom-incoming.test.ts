import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDicom, Tag } from '@atrium/dicom';
import {
  IncomingFolder,
  isReceivedName,
} from '../src/dicom-net/incoming-folder.js';
import { IncomingImporter } from '../src/dicom-net/incoming-importer.js';
import { splitPart10 } from '../src/dicom-net/part10.js';
import { makeSyntheticInstance } from './support/synthetic-dicom.js';
import {
  cleanUp,
  makeTempDir,
  openTempContext,
  sunnybrookDir,
} from './support/temp-core.js';

afterEach(cleanUp);

const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** Streams one object into the folder as the SCP does, in small chunks. */
async function receive(folder: IncomingFolder, bytes: Buffer): Promise<string> {
  const split = splitPart10(bytes);
  const stream = folder.createFileStream({
    sopClassUid: split.sopClassUid!,
    sopInstanceUid: split.sopInstanceUid!,
    transferSyntaxUid: split.transferSyntaxUid!,
    sourceAeTitle: 'SCANNER',
  });
  const dataset = bytes.subarray(split.datasetOffset);
  for (let offset = 0; offset < dataset.length; offset += 16_000) {
    stream.write(dataset.subarray(offset, offset + 16_000));
  }
  stream.end();
  return folder.commit(stream);
}

function stackFile(n: number): Buffer {
  return readFileSync(join(sunnybrookDir(), `${n}.dcm`));
}

describe('the incoming folder', () => {
  it('writes a received data set as a complete Part-10 file, owner-only', async () => {
    const folder = new IncomingFolder(join(makeTempDir(), 'incoming'));
    await folder.prepare();
    const original = stackFile(3);

    const path = await receive(folder, original);

    expect(isReceivedName(path.split('/').at(-1)!)).toBe(true);
    const file = parseDicom(readFileSync(path));
    expect(file.string(Tag.TransferSyntaxUID)).toBe(EXPLICIT_LE);
    expect(file.string(Tag.SOPInstanceUID)).toBe(
      parseDicom(original).string(Tag.SOPInstanceUID),
    );
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // Nothing is left in the receiving area.
    expect(readdirSync(join(folder.dir, '.receiving'))).toEqual([]);
  });

  it('drops what a previous run was still receiving', async () => {
    const folder = new IncomingFolder(join(makeTempDir(), 'incoming'));
    await folder.prepare();
    const stream = folder.createFileStream({
      sopClassUid: '1.2',
      sopInstanceUid: '1.2.3',
      transferSyntaxUid: EXPLICIT_LE,
    });
    stream.write(Buffer.alloc(100));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The process "dies" here: the stream is never ended.

    expect(await new IncomingFolder(folder.dir).prepare()).toBe(1);
    expect(readdirSync(join(folder.dir, '.receiving'))).toEqual([]);
    await folder.discard(stream);
  });
});

describe('the incoming importer', () => {
  it('indexes received objects, files them in the store and empties the folder', async () => {
    const ctx = openTempContext();
    const folder = new IncomingFolder(join(ctx.dataDir, 'incoming'));
    await folder.prepare();
    for (const n of [1, 2, 3]) await receive(folder, stackFile(n));
    const importer = new IncomingImporter(ctx, folder.dir);
    const runs: number[] = [];
    importer.onRun((run) => runs.push(run.imported));

    await importer.request();
    await importer.close();

    expect(runs).toEqual([3]);
    expect(ctx.db.prepare('SELECT COUNT(*) FROM instances').pluck().get()).toBe(
      3,
    );
    expect(readdirSync(folder.dir).filter((n) => !n.startsWith('.'))).toEqual(
      [],
    );
  });

  it('takes back the files of an import a stop interrupted', async () => {
    const ctx = openTempContext();
    const folder = new IncomingFolder(join(ctx.dataDir, 'incoming'));
    await folder.prepare();
    const received = await receive(folder, stackFile(4));
    // As a kill would leave it: moved into a batch, not yet imported.
    const batch = join(folder.dir, '.importing', '1-interrupted');
    mkdirSync(batch, { recursive: true });
    renameSync(received, join(batch, `0-${basename(received)}`));

    const importer = new IncomingImporter(ctx, folder.dir);
    await importer.request();
    await importer.close();

    expect(ctx.db.prepare('SELECT COUNT(*) FROM instances').pluck().get()).toBe(
      1,
    );
    expect(readdirSync(join(folder.dir, '.importing'))).toEqual([]);
  });

  it('quarantines what is not DICOM or cannot be read, and never drops it silently', async () => {
    const ctx = openTempContext();
    const folder = new IncomingFolder(join(ctx.dataDir, 'incoming'));
    await folder.prepare();
    const settled = new Date(Date.now() - 60_000);
    const notes = join(folder.dir, 'notes.txt');
    const broken = join(folder.dir, 'broken.dcm');
    writeFileSync(notes, 'dropped here by hand\n');
    writeFileSync(broken, Buffer.from('DICM but not really'));
    for (const path of [notes, broken]) utimesSync(path, settled, settled);

    const importer = new IncomingImporter(ctx, folder.dir);
    await importer.request();
    await importer.close();

    expect(existsSync(notes)).toBe(false);
    expect(existsSync(broken)).toBe(false);
    const quarantined = readdirSync(join(ctx.dataDir, 'quarantine'));
    expect(quarantined.filter((name) => name.endsWith('.json'))).toHaveLength(
      2,
    );
  });

  it('leaves a file copied in by hand alone until it has settled', async () => {
    const ctx = openTempContext();
    const folder = new IncomingFolder(join(ctx.dataDir, 'incoming'));
    await folder.prepare();
    const byHand = join(folder.dir, 'by-hand');
    mkdirSync(byHand);
    const path = join(byHand, 'copied.dcm');
    writeFileSync(
      path,
      makeSyntheticInstance({
        sopInstanceUid: '1.8.1.1.1',
        studyUid: '1.8.1',
        seriesUid: '1.8.1.1',
      }),
    );

    const importer = new IncomingImporter(ctx, folder.dir);
    const imported = new Promise((resolve) => importer.onRun(resolve));
    await importer.request();
    expect(existsSync(path)).toBe(true);

    // The importer looks again by itself once the file has had time.
    await imported;
    await importer.close();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(byHand)).toBe(false);
    expect(
      ctx.db
        .prepare("SELECT COUNT(*) FROM studies WHERE study_uid = '1.8.1'")
        .pluck()
        .get(),
    ).toBe(1);
  });
});
