import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreClient } from '@atrium/core-client';
import type { RetrieveProgressEvent } from '@atrium/protocol';
import { testdataDir } from '@atrium/testdata';
import { sunnybrookDir } from './support/temp-core.js';
import {
  AtriumProcess,
  connectAdmin,
  dcmtk,
  LAB_PORTS,
  OrthancProcess,
} from './support/dcmtk-lab.js';
import { NetNamespace } from './support/dcmtk-namespace.js';

// Orthanc (the remote PACS) and Atrium must reach each other in both
// directions (C-FIND and C-MOVE from Atrium, C-STORE back from Orthanc),
// and Orthanc cannot be told to listen on loopback only. So both run in
// one private network namespace with only loopback up, on fixed ports
// there; the test stays outside and reaches Atrium's RPC port and
// Orthanc's REST port through forwards (support/dcmtk-namespace.ts).

const ACCESSION = 'ATR-0101';
const SUNNYBROOK_STUDY = '2.16.124.113543.6006.99.08980635789900778171';
const XA_STUDY = '1.3.12.2.1107.5.4.3.123456789012345.19950922.121803.6';

const NODES = [
  // 1: the default Query/Retrieve node, by C-MOVE.
  'RemoteDicomNodes\\1\\AETitle=ORTHANC',
  'RemoteDicomNodes\\1\\Address=127.0.0.1',
  `RemoteDicomNodes\\1\\Port=${LAB_PORTS.orthancDicom}`,
  'RemoteDicomNodes\\1\\Description=Test PACS',
  'RemoteDicomNodes\\1\\QueryRetrieve=true',
  // 2: the same PACS, by C-GET, not to be sent to.
  'RemoteDicomNodes\\2\\AETitle=ORTHANC',
  'RemoteDicomNodes\\2\\Address=127.0.0.1',
  `RemoteDicomNodes\\2\\Port=${LAB_PORTS.orthancDicom}`,
  'RemoteDicomNodes\\2\\CGet=true',
  'RemoteDicomNodes\\2\\Send=false',
  // 3: the same PACS as a research archive: anonymised sends.
  'RemoteDicomNodes\\3\\AETitle=ORTHANC',
  'RemoteDicomNodes\\3\\Address=127.0.0.1',
  `RemoteDicomNodes\\3\\Port=${LAB_PORTS.orthancDicom}`,
  'RemoteDicomNodes\\3\\AnonymizedSend=true',
  'RemoteDicomNodes\\3\\AnonymizeName=RESEARCH^CASE',
  'RemoteDicomNodes\\3\\SendOriginalStudy=true',
  // 4: a node nobody answers for.
  'RemoteDicomNodes\\4\\AETitle=NOBODY',
  'RemoteDicomNodes\\4\\Address=127.0.0.1',
  'RemoteDicomNodes\\4\\Port=4999',
  'RemoteDicomNodes\\4\\Timeout=3',
  // 5: only for reporters.
  'RemoteDicomNodes\\5\\AETitle=ORTHANC',
  'RemoteDicomNodes\\5\\Address=127.0.0.1',
  `RemoteDicomNodes\\5\\Port=${LAB_PORTS.orthancDicom}`,
  'RemoteDicomNodes\\5\\RestrictToRole=Reporter',
];

let ns: NetNamespace;
let dir: string;
let orthanc: OrthancProcess;
let atrium: AtriumProcess;
let client: CoreClient;

beforeAll(async () => {
  ns = await NetNamespace.open();
  dir = mkdtempSync(join(tmpdir(), 'atrium-dicom-orthanc-'));
  orthanc = await OrthancProcess.start(ns, join(dir, 'orthanc'), {
    atrium: ['ATRIUM', '127.0.0.1', LAB_PORTS.atriumDicom],
  });

  // The cine stack with an accession number, only on the PACS.
  const stack = join(dir, 'stack');
  cpSync(sunnybrookDir(), stack, {
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
    '-xy',
    '-aec',
    'ORTHANC',
    '127.0.0.1',
    String(LAB_PORTS.orthancDicom),
    ...files,
    join(testdataDir(), 'cardiac', 'XA_cardio_96frames_jpeg_baseline.dcm'),
  ]);
  expect(seeded.code, seeded.stderr).toBe(0);

  atrium = await AtriumProcess.start(ns, join(dir, 'atrium'), [
    'AcceptUnknownAeTitles=false',
    ...NODES,
  ]);
  client = await connectAdmin(ns);
}, 180_000);

afterAll(async () => {
  await client?.close();
  await atrium?.stop();
  await ns?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('retrieve on demand', () => {
  it('loads a study by accession from the PACS, reporting progress', async () => {
    const events: RetrieveProgressEvent[] = [];
    client.on('RetrieveProgress', (event) => events.push(event));

    const study = await client.loadStudy({ accessionNumber: ACCESSION });

    expect(study.studyUid).toBe(SUNNYBROOK_STUDY);
    expect(study.accessionNumber).toBe(ACCESSION);
    expect(study.instanceCount).toBe(240);
    const last = events.at(-1)!;
    expect(last).toMatchObject({
      studyUid: SUNNYBROOK_STUDY,
      accessionNumber: ACCESSION,
      node: 1,
      aeTitle: 'ORTHANC',
      received: 240,
      expected: 240,
      done: true,
    });
    // Progress came object by object, never going back.
    const during = events.filter((e) => !e.done && e.received > 0);
    expect(during.length).toBeGreaterThan(10);
    for (let i = 1; i < events.length; i += 1) {
      expect(events[i]!.received).toBeGreaterThanOrEqual(
        events[i - 1]!.received,
      );
    }
  }, 120_000);

  it('opens the study from the database the second time, without the PACS', async () => {
    let progress = 0;
    client.on('RetrieveProgress', () => (progress += 1));
    const study = await client.loadStudy(SUNNYBROOK_STUDY);
    expect(study.instanceCount).toBe(240);
    expect(progress).toBe(0);
  });

  it('says a study that neither the database nor the PACS holds is not found', async () => {
    const failure = client.loadStudy({ accessionNumber: 'NO-SUCH-STUDY' });
    await expect(failure).rejects.toMatchObject({
      code: 'CORE_STUDY_NOT_FOUND',
      message: expect.stringMatching(/Accession Number NO-SUCH-STUDY.*ORTHANC/),
    });
  });

  it('retrieves by C-GET from a node that asks for it', async () => {
    const result = await client.call('RetrieveFromDicomNode', {
      node: 2,
      studyUid: XA_STUDY,
    });
    expect(result).toMatchObject({
      method: 'C-GET',
      received: 1,
      failed: 0,
      instances: 1,
    });
    const study = await client.getStudy(XA_STUDY);
    expect(study.series[0]!.instances[0]!.frames).toBe(96);
  }, 60_000);

  it('fails with a typed error when the node cannot be reached', async () => {
    await expect(
      client.call('RetrieveFromDicomNode', { node: 4, studyUid: XA_STUDY }),
    ).rejects.toMatchObject({
      code: 'CORE_RETRIEVE_FAILED',
      message: expect.stringMatching(/NOBODY/),
    });
  }, 30_000);
});

describe('remote nodes over RPC', () => {
  it('echoes and queries the PACS', async () => {
    const echo = await client.call('EchoDicomNode', { node: 1 });
    expect(echo).toMatchObject({ node: 1, aeTitle: 'ORTHANC' });

    const found = await client.call('QueryDicomNode', {
      node: 1,
      patientName: 'scd*',
    });
    expect(found.studies).toHaveLength(1);
    expect(found.studies[0]).toMatchObject({
      studyUid: SUNNYBROOK_STUDY,
      accessionNumber: ACCESSION,
      instanceCount: 240,
    });

    const series = await client.call('QueryDicomNode', {
      node: 1,
      level: 'SERIES',
      studyUid: SUNNYBROOK_STUDY,
    });
    expect(series.series).toHaveLength(1);
    expect(series.series[0]!.instanceCount).toBe(240);
  });

  it('names the node that does not answer an echo', async () => {
    await expect(
      client.call('EchoDicomNode', { node: 4 }),
    ).rejects.toMatchObject({ code: 'CORE_DICOM_NODE_FAILED' });
  }, 30_000);

  it('sends an anonymised copy where the node asks for it', async () => {
    const sent = await client.call('SendStudyToDicomNode', {
      node: 3,
      studyUid: SUNNYBROOK_STUDY,
    });
    expect(sent).toMatchObject({
      anonymized: true,
      total: 240,
      sent: 240,
      failed: 0,
    });
    expect(sent.sentStudyUid).toMatch(/^2\.25\.\d+$/);

    const copies = await orthanc.get<
      {
        MainDicomTags: Record<string, string>;
        PatientMainDicomTags: Record<string, string>;
        Instances?: string[];
      }[]
    >('/studies?expand');
    const copy = copies.find(
      (s) => s.MainDicomTags.StudyInstanceUID === sent.sentStudyUid,
    )!;
    expect(copy.PatientMainDicomTags.PatientName).toBe('RESEARCH^CASE');
    expect(copy.PatientMainDicomTags.PatientID).toMatch(/^ANON-/);
    expect(copy.MainDicomTags.AccessionNumber ?? '').toBe('');
    const series = await orthanc.get<{ Instances: string[] }[]>(
      `/studies/${(copy as unknown as { ID: string }).ID}/series?expand`,
    );
    expect(series.flatMap((s) => s.Instances)).toHaveLength(240);

    // Sending again maps to the same UIDs: still one anonymised study.
    const again = await client.call('SendStudyToDicomNode', {
      node: 3,
      studyUid: SUNNYBROOK_STUDY,
    });
    expect(again.sentStudyUid).toBe(sent.sentStudyUid);
    const exports = readLog().filter((e) => e.op === 'ExportStudy');
    expect(exports.at(-1)).toMatchObject({
      studyUid: SUNNYBROOK_STUDY,
      anonymized: true,
      sent: 240,
    });
  }, 120_000);

  it('sends only what a node is set up to receive', async () => {
    // Node 1 takes only objects Atrium made (SendOriginalStudy=false).
    await expect(
      client.call('SendStudyToDicomNode', {
        node: 1,
        studyUid: SUNNYBROOK_STUDY,
      }),
    ).rejects.toMatchObject({
      code: 'CORE_NOTHING_TO_SEND',
      message: expect.stringMatching(/SendOriginalStudy=false/),
    });
    await expect(
      client.call('SendStudyToDicomNode', {
        node: 2,
        studyUid: SUNNYBROOK_STUDY,
      }),
    ).rejects.toMatchObject({ code: 'CORE_DICOM_SEND_REFUSED' });
  });

  it('lists and lends nodes by role, addresses for PACS administrators only', async () => {
    // The admin port, in the admin's existing session (one login per user).
    const admin = await CoreClient.connect(
      `ws://127.0.0.1:${await ns.forward(LAB_PORTS.admin)}`,
    );
    await admin.attachToken(client.token!);
    await admin.call('AddUser', {
      userId: 'viewer',
      password: 'Viewer-Pw1',
      roles: ['Viewer'],
      mustChangePassword: false,
    });
    await admin.close();

    const viewer = await CoreClient.connect(
      `ws://127.0.0.1:${await ns.forward(LAB_PORTS.client)}`,
    );
    try {
      await viewer.authenticate('viewer', 'Viewer-Pw1');
      const listed = await viewer.call('ListDicomNodes', {});
      expect(listed.nodes.map((n) => n.node)).toEqual([1, 2, 3, 4]);
      expect(listed.nodes[0]).toMatchObject({ address: null, port: null });
      expect(listed.defaultQueryNode).toBe(1);
      await expect(
        viewer.call('EchoDicomNode', { node: 5 }),
      ).rejects.toMatchObject({ code: 'CORE_DICOM_NODE_NOT_ALLOWED' });
      await expect(
        viewer.call('RetrieveFromDicomNode', { node: 1, studyUid: XA_STUDY }),
      ).rejects.toMatchObject({ code: 'CORE_PERMISSION_DENIED' });
    } finally {
      await viewer.close();
    }

    const all = await client.call('ListDicomNodes', {});
    expect(all.nodes).toHaveLength(5);
    expect(all.nodes[0]).toMatchObject({
      address: '127.0.0.1',
      port: LAB_PORTS.orthancDicom,
      retrieveMethod: 'C-MOVE',
    });
  });

  it('fails a retrieve on demand with a typed error once the PACS is gone', async () => {
    orthanc.child.kill('SIGKILL');
    await new Promise((resolve) => orthanc.child.once('exit', resolve));
    await expect(
      client.loadStudy({ accessionNumber: 'ANOTHER-ONE' }),
    ).rejects.toMatchObject({
      code: 'CORE_RETRIEVE_FAILED',
      message: expect.stringMatching(/ORTHANC could not be asked/),
    });
  }, 60_000);
});

function readLog(): Record<string, unknown>[] {
  const logs = join(atrium.dataDir, 'ServerLogs');
  return readdirSync(logs)
    .flatMap((name) => readFileSync(join(logs, name), 'utf8').split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
