/**
 * DICOM ingest benchmark: storescu (dcmtk) sends the Sunnybrook stack (240
 * instances) to Atrium's storage SCP by C-STORE, and, where Debian's
 * Orthanc is installed, to Orthanc in the same run. Reports instances per
 * second: for Atrium both until the last acknowledgement (each object is
 * on disk and flushed when acknowledged) and until the last is indexed;
 * Orthanc indexes before it acknowledges. Nagle's algorithm is off on
 * both sides (TCP_NODELAY=1 for dcmtk and Orthanc). Best of three runs,
 * each into a fresh data folder.
 *
 * Orthanc cannot be told to listen on loopback only, so the whole
 * benchmark runs in a private network namespace with only loopback up
 * (`unshare -n`). Run it alone with
 *   npx tsx --conditions=source apps/core-server/bench/dicom-bench.ts
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { testdataDir } from '@atrium/testdata';
import { openCoreContext } from '../src/context.js';
import { DicomNetwork } from '../src/dicom-net/dicom-network.js';

/** The figures of one benchmark run. */
export interface DicomIngestFigures {
  instances: number;
  /** Atrium: until the last C-STORE was acknowledged. */
  atriumAckedPerSecond: number;
  /** Atrium: until the last object was indexed and in the image store. */
  atriumIndexedPerSecond: number;
  /** Orthanc (C-STORE, indexed on acknowledgement), or null without it. */
  orthancPerSecond: number | null;
  orthancVersion: string | null;
}

const RUNS = 3;
const ATRIUM_PORT = 11112;
const ORTHANC_PORT = 4242;
const ORTHANC_HTTP = 8042;

/**
 * Runs the benchmark in a private network namespace; null when `unshare`
 * or dcmtk's storescu is not available.
 */
export function benchDicomIngest(): DicomIngestFigures | null {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-dicom-bench-'));
  try {
    const out = join(dir, 'figures.json');
    const run = spawnSync(
      'unshare',
      [
        '-n',
        'sh',
        '-c',
        'ip link set lo up && exec "$@"',
        'sh',
        process.execPath,
        '--conditions=source',
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--inside',
        out,
      ],
      { encoding: 'utf8', timeout: 600_000 },
    );
    if (run.status !== 0 || !existsSync(out)) {
      process.stderr.write(`dicom bench did not run: ${run.stderr}\n`);
      return null;
    }
    return JSON.parse(readFileSync(out, 'utf8')) as DicomIngestFigures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Formats the figures as a small table. */
export function formatDicomIngest(figures: DicomIngestFigures | null): string {
  if (!figures) return 'not measured (needs unshare and dcmtk)';
  const rate = (value: number) => `${Math.round(value)} instances/s`;
  return [
    `| C-STORE of ${figures.instances} instances (storescu, best of ${RUNS}) | rate |`,
    '| --- | --- |',
    `| Atrium, all acknowledged (each flushed to disk first) | ${rate(figures.atriumAckedPerSecond)} |`,
    `| Atrium, all indexed and in the image store | ${rate(figures.atriumIndexedPerSecond)} |`,
    figures.orthancPerSecond === null
      ? '| Orthanc | not installed |'
      : `| Orthanc ${figures.orthancVersion} | ${rate(figures.orthancPerSecond)} |`,
  ].join('\n');
}

// ---- run inside the namespace ----

function stackFiles(): string[] {
  const dir = join(testdataDir(), 'cardiac', 'sunnybrook_SCD0000101_cinesax');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.dcm'))
    .map((name) => join(dir, name));
}

/** Seconds storescu takes to send every file to `aeTitle` at `port`. */
function timeStorescu(
  files: string[],
  aeTitle: string,
  port: number,
): Promise<number> {
  const started = performance.now();
  const child = spawn(
    'storescu',
    ['-aec', aeTitle, '127.0.0.1', String(port), ...files],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, TCP_NODELAY: '1' },
    },
  );
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('close', (code) => {
      if (code === 0) resolve((performance.now() - started) / 1000);
      else reject(new Error(`storescu failed (${code}): ${errors}`));
    });
  });
}

async function measureAtrium(
  files: string[],
): Promise<{ acked: number; indexed: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'atrium-dicom-bench-atrium-'));
  writeFileSync(
    join(dataDir, 'serverconfig.ini'),
    `[DicomNetwork]\nLocalPacsPort=${ATRIUM_PORT}\nAcceptUnknownAeTitles=true\n` +
      `IncomingDirMonitorInterval=3600\n[Network]\nBindAddress=127.0.0.1\n`,
  );
  const ctx = openCoreContext({ dataDir, processName: 'dicom-bench' });
  const dicom = await DicomNetwork.start(ctx);
  try {
    const indexed = new Promise<number>((resolve) => {
      dicom.importer.onRun(() => {
        const count = ctx.db
          .prepare('SELECT COUNT(*) FROM instances')
          .pluck()
          .get();
        if (count === files.length) resolve(performance.now());
      });
    });
    const started = performance.now();
    const acked = await timeStorescu(files, 'ATRIUM', ATRIUM_PORT);
    return { acked, indexed: ((await indexed) - started) / 1000 };
  } finally {
    await dicom.close();
    ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function findOrthanc(): string | null {
  return ['/usr/sbin/Orthanc', '/usr/bin/Orthanc'].find(existsSync) ?? null;
}

async function measureOrthanc(
  orthanc: string,
  files: string[],
): Promise<{ seconds: number; version: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-dicom-bench-orthanc-'));
  writeFileSync(
    join(dir, 'orthanc.json'),
    JSON.stringify({
      Name: 'atrium-bench',
      StorageDirectory: join(dir, 'storage'),
      IndexDirectory: join(dir, 'index'),
      DicomPort: ORTHANC_PORT,
      HttpPort: ORTHANC_HTTP,
      RemoteAccessAllowed: false,
      AuthenticationEnabled: false,
      DicomAlwaysAllowStore: true,
      DicomCheckCalledAet: false,
      Plugins: [],
    }),
  );
  const server = spawn(orthanc, [join(dir, 'orthanc.json')], {
    stdio: 'ignore',
    env: { ...process.env, TCP_NODELAY: '1' },
  });
  try {
    const version = await waitForOrthanc();
    return {
      seconds: await timeStorescu(files, 'ORTHANC', ORTHANC_PORT),
      version,
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitForOrthanc(): Promise<string> {
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      const answer = await fetch(`http://127.0.0.1:${ORTHANC_HTTP}/system`);
      if (answer.ok)
        return ((await answer.json()) as { Version: string }).Version;
    } catch (err) {
      if (Date.now() > until) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function runInside(out: string): Promise<void> {
  const files = stackFiles();
  const atrium = [];
  for (let run = 0; run < RUNS; run += 1)
    atrium.push(await measureAtrium(files));

  const orthanc = findOrthanc();
  const orthancRuns = [];
  if (orthanc) {
    for (let run = 0; run < RUNS; run += 1) {
      orthancRuns.push(await measureOrthanc(orthanc, files));
    }
  }

  const best = (seconds: number[]) => files.length / Math.min(...seconds);
  const figures: DicomIngestFigures = {
    instances: files.length,
    atriumAckedPerSecond: best(atrium.map((r) => r.acked)),
    atriumIndexedPerSecond: best(atrium.map((r) => r.indexed)),
    orthancPerSecond: orthanc ? best(orthancRuns.map((r) => r.seconds)) : null,
    orthancVersion: orthancRuns[0]?.version ?? null,
  };
  writeFileSync(out, JSON.stringify(figures));
}

const inside = process.argv.indexOf('--inside');
const runDirectly =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly && inside > 0) {
  await runInside(process.argv[inside + 1]!);
} else if (runDirectly) {
  process.stdout.write(`${formatDicomIngest(benchDicomIngest())}\n`);
}
