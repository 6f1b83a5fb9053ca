import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseDicom, Tag } from '@atrium/dicom';
import { sunnybrookDir } from './support/temp-core.js';
import { AtriumProcess, connectAdmin, LAB_PORTS } from './support/dcmtk-lab.js';
import { NetNamespace } from './support/dcmtk-namespace.js';

// Atrium and storescu share a private network namespace (see
// support/dcmtk-namespace.ts). Atrium is killed with SIGKILL while
// storescu is still sending, then started again on the same data.

const SUNNYBROOK_STUDY = '2.16.124.113543.6006.99.08980635789900778171';
/**
 * Acknowledged objects after which the server is killed: well below the
 * 500 after which a long transfer is imported while it goes on.
 */
const KILL_AFTER = 50;

let ns: NetNamespace;
let dir: string;

beforeAll(async () => {
  ns = await NetNamespace.open();
  dir = mkdtempSync(join(tmpdir(), 'atrium-dicom-kill-'));
}, 60_000);

afterAll(async () => {
  await ns?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('loses no acknowledged object when killed during a transfer', async () => {
  const dataDir = join(dir, 'data');
  // Imports run at the end of an association, every 500 objects, or
  // hourly here, so the acknowledged objects are still in the incoming
  // folder when the kill comes.
  let atrium = await AtriumProcess.start(ns, dataDir, [
    'AcceptUnknownAeTitles=true',
    'IncomingDirMonitorInterval=3600',
  ]);

  const files = readdirSync(sunnybrookDir())
    .filter((name) => name.endsWith('.dcm'))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
    .map((name) => join(sunnybrookDir(), name));
  const storescu = ns.spawn(
    'storescu',
    [
      '-v',
      '-aec',
      'ATRIUM',
      '127.0.0.1',
      String(LAB_PORTS.atriumDicom),
      ...files,
    ],
    { env: { ...process.env, TCP_NODELAY: '1' } },
  );
  let output = '';
  const acked = () =>
    output.match(/Received Store Response \(Success\)/g)?.length ?? 0;
  const closed = new Promise((resolve) => storescu.once('close', resolve));
  const killed = new Promise<void>((resolve, reject) => {
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (acked() < KILL_AFTER) return;
      storescu.stdout!.off('data', watch);
      storescu.stderr!.off('data', watch);
      void atrium.kill().then(resolve);
    };
    storescu.stdout!.on('data', watch);
    storescu.stderr!.on('data', watch);
    void closed.then(() =>
      reject(new Error(`storescu ended before the kill: ${output}`)),
    );
  });
  await killed;
  await closed;

  const acknowledged = acked();
  expect(acknowledged).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(acknowledged).toBeLessThan(files.length);
  // The acknowledged objects were waiting in the incoming folder.
  const incoming = readdirSync(join(dataDir, 'incoming')).filter((name) =>
    name.endsWith('.dcm'),
  );
  expect(incoming.length).toBeGreaterThanOrEqual(acknowledged);

  atrium = await AtriumProcess.start(ns, dataDir);
  const client = await connectAdmin(ns);
  try {
    const study = await waitForStudy(client, acknowledged);
    const stored = new Set(
      study.series.flatMap((s) => s.instances.map((i) => i.sopInstanceUid)),
    );
    for (const file of files.slice(0, acknowledged)) {
      const uid = parseDicom(readFileSync(file)).string(Tag.SOPInstanceUID);
      expect(stored.has(uid!), `${file} was acknowledged`).toBe(true);
    }
  } finally {
    await client.close();
    await atrium.stop();
  }
}, 180_000);

/** Waits (bounded) for the restarted server to index the study. */
async function waitForStudy(
  client: Awaited<ReturnType<typeof connectAdmin>>,
  atLeast: number,
) {
  const until = Date.now() + 60_000;
  for (;;) {
    const { studies } = await client.listStudies({});
    const found = studies.find((s) => s.studyUid === SUNNYBROOK_STUDY);
    if ((found && found.instanceCount >= atLeast) || Date.now() > until) {
      return client.getStudy(SUNNYBROOK_STUDY);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
