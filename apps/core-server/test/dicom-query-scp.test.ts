import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testdataDir } from '@atrium/testdata';
import { runCli } from './support/cli-process.js';
import { AtriumProcess, dcmtk, LAB_PORTS } from './support/dcmtk-lab.js';
import { NetNamespace } from './support/dcmtk-namespace.js';

// Atrium, findscu/movescu/getscu and a storescp as the C-MOVE destination
// all run in one private network namespace (storescp cannot be told to
// listen on loopback only); the test drives them from outside.

const SUNNYBROOK_STUDY = '2.16.124.113543.6006.99.08980635789900778171';
const SUNNYBROOK_SERIES = '2.16.124.113543.6006.99.08975550791105350405';
const XA_STUDY = '1.3.12.2.1107.5.4.3.123456789012345.19950922.121803.6';

let ns: NetNamespace;
let dir: string;
let atrium: AtriumProcess;

beforeAll(async () => {
  ns = await NetNamespace.open();
  dir = mkdtempSync(join(tmpdir(), 'atrium-dicom-query-'));
  const dataDir = join(dir, 'data');
  await AtriumProcess.start(ns, dataDir, [
    'AcceptUnknownAeTitles=true',
    'EnableCGet=true',
    'MaximumQueryResults=3',
    'RemoteDicomNodes\\1\\AETitle=DEST',
    'RemoteDicomNodes\\1\\Address=127.0.0.1',
    `RemoteDicomNodes\\1\\Port=${LAB_PORTS.storescp}`,
  ]).then((first) => first.stop());
  const imported = runCli(['import', join(testdataDir(), 'cardiac')], {
    ATRIUM_DATA: dataDir,
  });
  expect(await imported.exited).toBe(0);
  atrium = await AtriumProcess.start(ns, dataDir);
}, 180_000);

afterAll(async () => {
  await atrium?.stop();
  await ns?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The identifiers of a findscu run, each as tag → value. */
/** findscu's `-k` arguments for each match key. */
function keys(...matchKeys: string[]): string[] {
  return matchKeys.flatMap((key) => ['-k', key]);
}

async function find(args: string[]): Promise<Map<string, string>[]> {
  const run = await dcmtk(ns, 'findscu', [
    '-v',
    '-aec',
    'ATRIUM',
    ...args,
    '127.0.0.1',
    String(LAB_PORTS.atriumDicom),
  ]);
  expect(run.code, run.stderr).toBe(0);
  const text = `${run.stdout}\n${run.stderr}`;
  return text
    .split(/Find Response: \d+ \(Pending\)/)
    .slice(1)
    .map((block) => {
      const values = new Map<string, string>();
      // Texts print in brackets, binary numbers (US) bare.
      const elements =
        /\(([0-9a-f]{4},[0-9a-f]{4})\) \w\w (?:\[([^\]]*)\]|\(no value available\)|(\S+))/g;
      for (const match of block.matchAll(elements)) {
        const value = match[2] ?? match[3] ?? '';
        values.set(match[1]!, value.replace(/[\0\s]+$/, ''));
      }
      return values;
    });
}

describe('C-FIND', () => {
  it('finds a study by patient name with a wildcard (Study Root)', async () => {
    const matches = await find([
      '-S',
      ...keys(
        'QueryRetrieveLevel=STUDY',
        'PatientName=scd*',
        'StudyInstanceUID',
        'NumberOfStudyRelatedInstances',
        'ModalitiesInStudy',
      ),
    ]);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.get('0020,000d')).toBe(SUNNYBROOK_STUDY);
    expect(matches[0]!.get('0020,1208')).toBe('240');
    expect(matches[0]!.get('0008,0061')).toBe('MR');
  });

  it('matches a study date range, old ACR-NEMA dates included', async () => {
    const matches = await find([
      '-S',
      ...keys(
        'QueryRetrieveLevel=STUDY',
        'StudyDate=19940101-19951231',
        'StudyInstanceUID',
      ),
    ]);
    const uids = matches.map((m) => m.get('0020,000d')).sort();
    expect(uids).toEqual(['999.999.2.19960619.163000', XA_STUDY].sort());
  });

  it('answers at PATIENT level (Patient Root) and stops at MaximumQueryResults', async () => {
    const matches = await find([
      '-P',
      ...keys(
        'QueryRetrieveLevel=PATIENT',
        'PatientID',
        'PatientName',
        'NumberOfPatientRelatedStudies',
      ),
    ]);
    // Four patients are stored; MaximumQueryResults is 3.
    expect(matches).toHaveLength(3);
    for (const match of matches) expect(match.get('0020,1200')).toBe('1');
  });

  it('lists the series of a study and the images of a series', async () => {
    const series = await find([
      '-S',
      ...keys(
        'QueryRetrieveLevel=SERIES',
        `StudyInstanceUID=${SUNNYBROOK_STUDY}`,
        'SeriesInstanceUID',
        'Modality',
        'NumberOfSeriesRelatedInstances',
      ),
    ]);
    expect(series).toHaveLength(1);
    expect(series[0]!.get('0020,000e')).toBe(SUNNYBROOK_SERIES);
    expect(series[0]!.get('0020,1209')).toBe('240');

    const images = await find([
      '-S',
      ...keys(
        'QueryRetrieveLevel=IMAGE',
        `StudyInstanceUID=${SUNNYBROOK_STUDY}`,
        `SeriesInstanceUID=${SUNNYBROOK_SERIES}`,
        'InstanceNumber=7',
        'SOPInstanceUID',
        'Rows',
      ),
    ]);
    expect(images).toHaveLength(1);
    expect(images[0]!.get('0020,0013')).toBe('7');
    expect(images[0]!.get('0028,0010')).toBe('256');
  });

  it('refuses a PATIENT level query in the Study Root model', async () => {
    const run = await dcmtk(ns, 'findscu', [
      '-v',
      '-S',
      '-aec',
      'ATRIUM',
      ...keys('QueryRetrieveLevel=PATIENT', 'PatientID'),
      '127.0.0.1',
      String(LAB_PORTS.atriumDicom),
    ]);
    expect(`${run.stdout}${run.stderr}`).toMatch(/DataSetDoesNotMatchSOPClass/);
  });
});

describe('C-MOVE and C-GET', () => {
  it('moves a study to a configured node (a storescp)', async () => {
    const received = join(dir, 'moved');
    mkdirSync(received);
    ns.spawn(
      'storescp',
      ['-aet', 'DEST', '-od', received, String(LAB_PORTS.storescp)],
      {
        env: { ...process.env, TCP_NODELAY: '1' },
      },
    );
    await waitForEcho('DEST', LAB_PORTS.storescp);

    const move = await dcmtk(ns, 'movescu', [
      '-S',
      '-aec',
      'ATRIUM',
      '-aem',
      'DEST',
      ...keys(
        'QueryRetrieveLevel=STUDY',
        `StudyInstanceUID=${SUNNYBROOK_STUDY}`,
      ),
      '127.0.0.1',
      String(LAB_PORTS.atriumDicom),
    ]);
    expect(move.code, move.stderr).toBe(0);
    expect(readdirSync(received)).toHaveLength(240);
  }, 120_000);

  it('refuses a move to an AE title that is not a configured node', async () => {
    const move = await dcmtk(ns, 'movescu', [
      '-S',
      '-aec',
      'ATRIUM',
      '-aem',
      'NOWHERE',
      ...keys(
        'QueryRetrieveLevel=STUDY',
        `StudyInstanceUID=${SUNNYBROOK_STUDY}`,
      ),
      '127.0.0.1',
      String(LAB_PORTS.atriumDicom),
    ]);
    expect(`${move.stdout}${move.stderr}`).toMatch(
      /Refused: MoveDestinationUnknown/,
    );
  });

  it('sends a series back on the requester’s association with C-GET', async () => {
    const received = join(dir, 'got');
    mkdirSync(received);
    const get = await dcmtk(ns, 'getscu', [
      '-S',
      '-aec',
      'ATRIUM',
      '-od',
      received,
      ...keys(
        'QueryRetrieveLevel=SERIES',
        `StudyInstanceUID=${SUNNYBROOK_STUDY}`,
        `SeriesInstanceUID=${SUNNYBROOK_SERIES}`,
      ),
      '127.0.0.1',
      String(LAB_PORTS.atriumDicom),
    ]);
    expect(get.code, get.stderr).toBe(0);
    expect(readdirSync(received)).toHaveLength(240);
  }, 120_000);
});

/** Waits until a peer in the namespace answers C-ECHO (bounded). */
async function waitForEcho(aeTitle: string, port: number): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const echo = await dcmtk(ns, 'echoscu', [
      '-aec',
      aeTitle,
      '127.0.0.1',
      String(port),
    ]);
    if (echo.code === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${aeTitle} did not start`);
}
