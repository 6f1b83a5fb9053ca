import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyProgressEvent, WebAck, WebStudy } from '@atrium/protocol';
import { hasTestdata, testdataPath } from '@atrium/testdata';
// The DICOM engineer's lab: a private network namespace (Orthanc cannot be
// told to listen on loopback only) with Atrium's Core Server and Orthanc
// in it, reached from here through forwards.
import {
  ADMIN_PASSWORD,
  AtriumProcess,
  dcmtk,
  LAB_PORTS,
  OrthancProcess,
} from '../../core-server/test/support/dcmtk-lab.js';
import { NetNamespace } from '../../core-server/test/support/dcmtk-namespace.js';
import {
  buildProcesses,
  startHarness,
  SUNNYBROOK,
  waitUntil,
  type BrowserSocket,
  type Harness,
} from './server-harness.js';

const ACCESSION = 'WEB-0101';
const SUNNYBROOK_STUDY = '2.16.124.113543.6006.99.08980635789900778171';

let ns: NetNamespace;
let dir: string;
let atrium: AtriumProcess;
let harness: Harness;
let socket: BrowserSocket;

beforeAll(async () => {
  if (!hasTestdata()) return;
  buildProcesses();
  ns = await NetNamespace.open();
  dir = mkdtempSync(join(tmpdir(), 'atrium-web-retrieve-'));
  await OrthancProcess.start(ns, join(dir, 'orthanc'), {
    atrium: ['ATRIUM', '127.0.0.1', LAB_PORTS.atriumDicom],
  });

  // The Sunnybrook stack, given an accession number, only on the PACS.
  const stack = join(dir, 'stack');
  cpSync(testdataPath(SUNNYBROOK), stack, {
    recursive: true,
    filter: (path) => !path.endsWith('.png'),
  });
  const files = readdirSync(stack).map((name) => join(stack, name));
  const tagged = await ns.run('dcmodify', [
    '-nb',
    '-i',
    `(0008,0050)=${ACCESSION}`,
    ...files,
  ]);
  expect(tagged.code, tagged.stderr).toBe(0);
  const seeded = await dcmtk(ns, 'storescu', [
    '-aec',
    'ORTHANC',
    '127.0.0.1',
    String(LAB_PORTS.orthancDicom),
    ...files,
  ]);
  expect(seeded.code, seeded.stderr).toBe(0);

  atrium = await AtriumProcess.start(ns, join(dir, 'atrium'), [
    'RemoteDicomNodes\\1\\AETitle=ORTHANC',
    'RemoteDicomNodes\\1\\Address=127.0.0.1',
    `RemoteDicomNodes\\1\\Port=${LAB_PORTS.orthancDicom}`,
    'RemoteDicomNodes\\1\\QueryRetrieve=true',
  ]);
  harness = await startHarness({
    core: {
      dataDir: atrium.dataDir,
      clientPort: await ns.forward(LAB_PORTS.client),
      adminPort: await ns.forward(LAB_PORTS.admin),
      adminPassword: ADMIN_PASSWORD,
    },
  });
  harness.startManager('alpha', 1);
  await waitUntil(
    async () => (await harness.health()).managers === 1,
    15_000,
    'the manager',
  );
  socket = await harness.connect(await harness.login());
}, 240_000);

afterAll(async () => {
  await harness?.stop();
  await atrium?.stop();
  await ns?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

function openStudy(accessionNumber: string): Promise<WebAck<WebStudy>> {
  return new Promise((resolve) =>
    socket.emit('open-study', { accessionNumber }, resolve),
  );
}

describe.runIf(hasTestdata())('retrieve on demand for the browser', () => {
  it('opens a study only the PACS holds by accession, with progress to the browser', async () => {
    expect(harness.studyUid).toBe('');
    const events: StudyProgressEvent[] = [];
    socket.on('study-progress', (event) => events.push(event));

    const answer = await openStudy(ACCESSION);

    expect(answer.ok && answer.result.studyUid).toBe(SUNNYBROOK_STUDY);
    expect(events.at(-1)).toEqual({
      studyUid: SUNNYBROOK_STUDY,
      done: 240,
      total: 240,
    });
    const during = events.filter((e) => e.done > 0 && e.done < 240);
    expect(during.length).toBeGreaterThan(10);
    for (let i = 1; i < events.length; i += 1) {
      expect(events[i]!.done).toBeGreaterThanOrEqual(events[i - 1]!.done);
    }
  }, 180_000);

  it('answers an accession the PACS does not hold with the Core Server not-found message', async () => {
    const answer = await openStudy('WEB-NONE');

    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('CORE_STUDY_NOT_FOUND');
    expect(answer.error.message).toContain('WEB-NONE');
  }, 60_000);
});
