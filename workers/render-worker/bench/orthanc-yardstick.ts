/**
 * The Orthanc yardstick: serves the same DICOM files from a private Orthanc
 * (Debian's build) and measures how fast it hands out rendered frames
 * (`/instances/{id}/frames/0/rendered`, JPEG) and uncompressed stored
 * frames (`/raw`). Orthanc has no bind-address option, so it runs inside a
 * network namespace of its own with only loopback up (`unshare -n`); the
 * measuring client (this file, run as a script) runs in the same namespace.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Orthanc's figures over the same frames. */
export interface OrthancFigures {
  version: string;
  frames: number;
  /** Mean milliseconds per frame, one request at a time. */
  renderedMsSequential: number;
  rawMsSequential: number;
  /** Frames per second with 16 requests in flight (best of 3 runs). */
  renderedPerSecond: number;
  rawPerSecond: number;
}

/** The Orthanc binary, or null when it is not installed. */
export function findOrthanc(): string | null {
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/sbin',
    '/usr/bin',
  ];
  for (const dir of dirs) {
    for (const name of ['orthanc', 'Orthanc']) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return null;
}

/**
 * Measures Orthanc over `files`; null when Orthanc or `unshare` is missing
 * or the private namespace cannot be made.
 */
export function measureOrthanc(files: string[]): OrthancFigures | null {
  const orthanc = findOrthanc();
  if (!orthanc) return null;
  const dir = mkdtempSync(join(tmpdir(), 'atrium-orthanc-'));
  try {
    writeFileSync(join(dir, 'files.json'), JSON.stringify(files));
    writeFileSync(
      join(dir, 'orthanc.json'),
      JSON.stringify({
        Name: 'atrium-bench',
        StorageDirectory: join(dir, 'storage'),
        IndexDirectory: join(dir, 'index'),
        HttpPort: 18042,
        DicomPort: 14242,
        RemoteAccessAllowed: false,
        AuthenticationEnabled: false,
        HttpCompressionEnabled: false,
        Plugins: [],
      }),
    );
    const script = fileURLToPath(import.meta.url);
    const run = spawnSync(
      'unshare',
      [
        '-n',
        'sh',
        '-c',
        'ip link set lo up && exec "$@"',
        'sh',
        process.execPath,
        '--import',
        'tsx',
        script,
        orthanc,
        dir,
      ],
      { encoding: 'utf8', timeout: 300_000 },
    );
    if (run.status !== 0) return null;
    return JSON.parse(
      readFileSync(join(dir, 'figures.json'), 'utf8'),
    ) as OrthancFigures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- the client, run inside the namespace ----

const BASE = 'http://127.0.0.1:18042';

async function runClient(orthanc: string, dir: string): Promise<void> {
  const server = spawn(orthanc, [join(dir, 'orthanc.json')], {
    stdio: 'ignore',
  });
  try {
    const version = await waitForOrthanc();
    const files = JSON.parse(
      readFileSync(join(dir, 'files.json'), 'utf8'),
    ) as string[];
    const ids: string[] = [];
    for (const file of files) {
      const answer = await fetch(`${BASE}/instances`, {
        method: 'POST',
        body: readFileSync(file),
      });
      ids.push(((await answer.json()) as { ID: string }).ID);
    }

    const rendered = (id: string) =>
      fetchBytes(`${BASE}/instances/${id}/frames/0/rendered`, 'image/jpeg');
    const raw = (id: string) =>
      fetchBytes(`${BASE}/instances/${id}/frames/0/raw`, '*/*');
    // One warm-up pass each, then the measured passes.
    await sequential(ids, rendered);
    await sequential(ids, raw);
    const figures: OrthancFigures = {
      version,
      frames: ids.length,
      renderedMsSequential: await sequential(ids, rendered),
      rawMsSequential: await sequential(ids, raw),
      renderedPerSecond: await bestOf(3, () => concurrent(ids, rendered, 16)),
      rawPerSecond: await bestOf(3, () => concurrent(ids, raw, 16)),
    };
    writeFileSync(join(dir, 'figures.json'), JSON.stringify(figures));
  } finally {
    server.kill('SIGTERM');
  }
}

async function waitForOrthanc(): Promise<string> {
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      const answer = await fetch(`${BASE}/system`);
      if (answer.ok)
        return ((await answer.json()) as { Version: string }).Version;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > until) throw new Error('Orthanc did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function bestOf(runs: number, measure: () => Promise<number>) {
  let best = 0;
  for (let i = 0; i < runs; i += 1) best = Math.max(best, await measure());
  return best;
}

async function fetchBytes(url: string, accept: string): Promise<number> {
  const answer = await fetch(url, {
    headers: { Accept: accept, 'Accept-Encoding': 'identity' },
  });
  if (!answer.ok) throw new Error(`${url}: HTTP ${answer.status}`);
  return (await answer.arrayBuffer()).byteLength;
}

/** Mean milliseconds per item, one at a time. */
async function sequential(ids: string[], get: (id: string) => Promise<number>) {
  const started = performance.now();
  for (const id of ids) await get(id);
  return (performance.now() - started) / ids.length;
}

/** Items per second with `inFlight` requests open at once. */
async function concurrent(
  ids: string[],
  get: (id: string) => Promise<number>,
  inFlight: number,
): Promise<number> {
  const started = performance.now();
  let next = 0;
  const lanes = Array.from({ length: inFlight }, async () => {
    while (next < ids.length) await get(ids[next++]!);
  });
  await Promise.all(lanes);
  return ids.length / ((performance.now() - started) / 1000);
}

if (
  process.argv[1] === fileURLToPath(import.meta.url) &&
  process.argv.length === 4
) {
  runClient(process.argv[2]!, process.argv[3]!).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
