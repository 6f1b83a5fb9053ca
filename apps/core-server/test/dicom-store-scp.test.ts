import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '@atrium/core-client';
import { testdataDir } from '@atrium/testdata';
import { createLogger } from '@atrium/log';
import {
  ScuAssociation,
  type ScuTarget,
} from '../src/dicom-net/scu-association.js';
import {
  SopClass,
  COMMAND_TRANSFER_SYNTAXES,
} from '../src/dicom-net/sop-classes.js';
import {
  AtriumProcess,
  connectAdmin,
  dcmtk,
  LAB_PORTS,
} from './support/dcmtk-lab.js';
import { NetNamespace } from './support/dcmtk-namespace.js';
import { makeSyntheticInstance } from './support/synthetic-dicom.js';

// Atrium's serve command and the dcmtk peers run in one private network
// namespace (loopback only); the test reaches Atrium's RPC and DICOM ports
// from outside through forwards. See support/dcmtk-namespace.ts.

const SCANNER = [
  'AcceptUnknownAeTitles=false',
  'MaximumConnections=2',
  'IncomingDirMonitorInterval=2',
  'RemoteDicomNodes\\1\\AETitle=SCANNER',
  'RemoteDicomNodes\\1\\Address=127.0.0.1',
  'RemoteDicomNodes\\1\\Port=104',
];

let ns: NetNamespace;
let dir: string;
let atrium: AtriumProcess;
let client: CoreClient;

beforeAll(async () => {
  ns = await NetNamespace.open();
  dir = mkdtempSync(join(tmpdir(), 'atrium-dicom-store-'));
  atrium = await AtriumProcess.start(ns, join(dir, 'data'), SCANNER);
  client = await connectAdmin(ns);
}, 120_000);

afterAll(async () => {
  await client?.close();
  await atrium?.stop();
  await ns?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** C-ECHO from `calling` to `called` at Atrium's DICOM port. */
function echoFrom(calling: string, called = 'ATRIUM') {
  return dcmtk(ns, 'echoscu', [
    '-aet',
    calling,
    '-aec',
    called,
    '127.0.0.1',
    String(LAB_PORTS.atriumDicom),
  ]);
}

/** Polls ListStudies until `done` holds (bounded; no timing asserted). */
async function waitForStudies(
  done: (studies: { studyUid: string; instanceCount: number }[]) => boolean,
) {
  const until = Date.now() + 30_000;
  for (;;) {
    const { studies } = await client.listStudies({});
    if (done(studies) || Date.now() > until) return studies;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function accessLog(op: string): Record<string, unknown>[] {
  const logs = join(atrium.dataDir, 'ServerLogs');
  return readdirSync(logs)
    .flatMap((name) => readFileSync(join(logs, name), 'utf8').split('\n'))
    .filter((line) => line.includes(`"op":"${op}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the storage SCP', () => {
  it('takes the cardiac folder from storescu and lists its studies', async () => {
    // -xy: propose JPEG baseline too, so the XA cine goes as it is stored.
    const stored = await dcmtk(ns, 'storescu', [
      '-aet',
      'SCANNER',
      '-aec',
      'ATRIUM',
      '-xy',
      '+sd',
      '+r',
      '+sp',
      '*.dcm',
      '127.0.0.1',
      String(LAB_PORTS.atriumDicom),
      join(testdataDir(), 'cardiac'),
    ]);
    expect(stored.code, stored.stderr).toBe(0);

    const studies = await waitForStudies((list) => list.length === 4);
    const byUid = new Map(studies.map((s) => [s.studyUid, s.instanceCount]));
    expect(byUid.get('2.16.124.113543.6006.99.08980635789900778171')).toBe(240);
    expect(
      byUid.get('1.3.12.2.1107.5.4.3.123456789012345.19950922.121803.6'),
    ).toBe(1);
    expect(byUid.size).toBe(4);
    // Every received object went into the image store; none stays behind.
    const incoming = join(atrium.dataDir, 'incoming');
    expect(
      readdirSync(incoming).filter((name) => !name.startsWith('.')),
    ).toEqual([]);
  }, 120_000);

  it('tells connections watching a study when new instances of it arrive', async () => {
    const studyUid = '1.3.12.2.1107.5.4.3.123456789012345.19950922.121803.6';
    const changes: unknown[] = [];
    client.on('StudyChanged', (event) => changes.push(event));
    await client.watchStudy(studyUid);

    const source = mkdtempSync(join(dir, 'more-'));
    writeFileSync(
      join(source, 'extra.dcm'),
      makeSyntheticInstance({
        studyUid,
        seriesUid: `${studyUid}.901`,
        sopInstanceUid: `${studyUid}.901.1`,
        patientName: 'EXTRA^IMAGE',
      }),
    );
    const stored = await dcmtk(ns, 'storescu', [
      '-aet',
      'SCANNER',
      '-aec',
      'ATRIUM',
      '127.0.0.1',
      String(LAB_PORTS.atriumDicom),
      join(source, 'extra.dcm'),
    ]);
    expect(stored.code, stored.stderr).toBe(0);

    const until = Date.now() + 30_000;
    while (changes.length === 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // One import run or two (the release and the folder scan can split
    // the work): each that adds instances tells the watchers.
    expect(changes.length).toBeGreaterThanOrEqual(1);
    for (const change of changes) {
      expect(change).toEqual({ studyUid, change: 'instances' });
    }
    await client.unwatchStudy(studyUid);
  });

  it('answers C-ECHO from a configured node', async () => {
    const echo = await echoFrom('SCANNER');
    expect(echo.code, echo.stderr).toBe(0);
  });

  it('rejects an AE title that is not a configured node', async () => {
    const echo = await echoFrom('STRANGER');
    expect(echo.code).not.toBe(0);
    expect(echo.stderr).toMatch(/Association Rejected/i);
    expect(echo.stderr).toMatch(/Calling AE Title Not Recognized/i);
    const refused = accessLog('RejectAssociation').at(-1);
    expect(refused).toMatchObject({ user: 'STRANGER', status: 'Fail' });
  });

  it('rejects a called AE title that is not its own', async () => {
    const echo = await echoFrom('SCANNER', 'SOMEONE');
    expect(echo.code).not.toBe(0);
    expect(echo.stderr).toMatch(/Called AE Title Not Recognized/i);
  });

  it('holds to MaximumConnections and takes new associations once one ends', async () => {
    const forward = await ns.forward(LAB_PORTS.atriumDicom);
    const log = createLogger({
      processName: 'test-scu',
      dir: join(dir, 'scu-log'),
    });
    const target: ScuTarget = {
      host: '127.0.0.1',
      port: forward,
      callingAeTitle: 'SCANNER',
      calledAeTitle: 'ATRIUM',
      timeoutSeconds: 10,
    };
    const propose = (
      association: Parameters<Parameters<typeof ScuAssociation.open>[1]>[0],
    ) => {
      const id = association.addPresentationContext(SopClass.Verification);
      for (const syntax of COMMAND_TRANSFER_SYNTAXES) {
        association.addTransferSyntaxToPresentationContext(id, syntax);
      }
    };
    const held = [
      await ScuAssociation.open(target, propose, log),
      await ScuAssociation.open(target, propose, log),
    ];

    const third = await echoFrom('SCANNER');
    expect(third.code).not.toBe(0);
    expect(third.stderr).toMatch(/Local Limit Exceeded/i);

    await held[0]!.release();
    const afterRelease = await waitForEcho();
    expect(afterRelease.code, afterRelease.stderr).toBe(0);
    await held[1]!.release();
    log.close();
  }, 60_000);
});

/** Echoes until Atrium has counted a released association out (bounded). */
async function waitForEcho() {
  for (let attempt = 0; ; attempt += 1) {
    const echo = await echoFrom('SCANNER');
    if (echo.code === 0 || attempt === 20) return echo;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('with AcceptUnknownAeTitles=true', () => {
  it('accepts an AE title that is not a configured node', async () => {
    await client.close();
    await atrium.stop();
    const ini = join(atrium.dataDir, 'serverconfig.ini');
    writeFileSync(
      ini,
      readFileSync(ini, 'utf8').replace(
        'AcceptUnknownAeTitles=false',
        'AcceptUnknownAeTitles=true',
      ),
    );
    atrium = await AtriumProcess.start(ns, atrium.dataDir);
    client = await connectAdmin(ns);

    const echo = await echoFrom('STRANGER');
    expect(echo.code, echo.stderr).toBe(0);
    // The studies received before the restart are still there.
    expect((await client.listStudies({})).total).toBe(4);
  }, 120_000);
});
