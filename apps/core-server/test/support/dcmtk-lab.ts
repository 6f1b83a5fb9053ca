import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreClient } from '@atrium/core-client';
import { NetNamespace, type RunResult } from './dcmtk-namespace.js';

/** Ports inside a lab namespace: all free, since nothing else lives there. */
export const LAB_PORTS = {
  client: 49696,
  admin: 49697,
  atriumDicom: 11112,
  orthancDicom: 4242,
  orthancHttp: 8042,
  storescp: 11113,
} as const;

export const ADMIN_PASSWORD = 'Lab-Admin-Pw1';

const cli = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'src',
  'cli.ts',
);

/**
 * Runs a dcmtk tool in the namespace with Nagle's algorithm off (dcmtk
 * reads TCP_NODELAY from the environment; each DIMSE exchange waits about
 * 40 ms without it).
 */
export function dcmtk(
  ns: NetNamespace,
  tool: string,
  args: string[],
  timeoutMs = 120_000,
): Promise<RunResult> {
  return ns.run(tool, args, {
    timeoutMs,
    env: { ...process.env, TCP_NODELAY: '1' },
  });
}

/** The Core Server's `serve` command running inside a lab namespace. */
export class AtriumProcess {
  readonly child: ChildProcess;
  readonly dataDir: string;
  #stdout = '';
  #stderr = '';
  readonly #exited: Promise<number | null>;

  private constructor(child: ChildProcess, dataDir: string) {
    this.child = child;
    this.dataDir = dataDir;
    child.stdout!.on(
      'data',
      (chunk: Buffer) => (this.#stdout += chunk.toString()),
    );
    child.stderr!.on(
      'data',
      (chunk: Buffer) => (this.#stderr += chunk.toString()),
    );
    this.#exited = new Promise((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
  }

  /**
   * Writes serverconfig.ini (loopback, the lab ports, plus the given
   * [DicomNetwork] lines) unless the folder has one, and starts `serve`.
   */
  static async start(
    ns: NetNamespace,
    dataDir: string,
    dicomLines: string[] = [],
  ): Promise<AtriumProcess> {
    mkdirSync(dataDir, { recursive: true });
    const ini = join(dataDir, 'serverconfig.ini');
    if (!existsSync(ini)) {
      writeFileSync(
        ini,
        `[General]\nClientPort=${LAB_PORTS.client}\nAdminPort=${LAB_PORTS.admin}\nDebugLog=1\n` +
          `[DicomNetwork]\nLocalPacsPort=${LAB_PORTS.atriumDicom}\n${dicomLines.join('\n')}\n` +
          `[Network]\nBindAddress=127.0.0.1\n`,
      );
    }
    const child = ns.spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', cli, 'serve'],
      {
        env: {
          ...process.env,
          ATRIUM_DATA: dataDir,
          ATRIUM_ADMIN_PASSWORD: ADMIN_PASSWORD,
        },
      },
    );
    const atrium = new AtriumProcess(child, dataDir);
    await atrium.#waitForStart();
    return atrium;
  }

  get stdout(): string {
    return this.#stdout;
  }

  /** Kills the server without warning (SIGKILL) and waits for it to go. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.#exited;
  }

  /** Stops the server as an administrator would (SIGTERM). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.#exited;
  }

  #waitForStart(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`serve did not start: ${this.#stderr}`)),
        60_000,
      );
      const check = () => {
        // The listening lines (DICOM included) come in one write.
        if (!this.#stdout.includes('(AdminPort)')) return;
        clearTimeout(timer);
        resolve();
      };
      this.child.stdout!.on('data', check);
      void this.#exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`serve exited with ${code}: ${this.#stderr}`));
      });
    });
  }
}

/** A logged-in client of an Atrium inside the namespace, through a forward. */
export async function connectAdmin(
  ns: NetNamespace,
  timeoutMs = 120_000,
): Promise<CoreClient> {
  const port = await ns.forward(LAB_PORTS.client);
  const client = await CoreClient.connect(`ws://127.0.0.1:${port}`, {
    timeoutMs,
  });
  // One login per user: a new client takes over from an earlier one.
  await client.authenticate('admin', ADMIN_PASSWORD, {
    closeOtherSessions: true,
  });
  return client;
}

/** Debian's Orthanc as a remote PACS inside a lab namespace. */
export class OrthancProcess {
  readonly child: ChildProcess;
  readonly #httpPort: number;

  private constructor(child: ChildProcess, httpPort: number) {
    this.child = child;
    this.#httpPort = httpPort;
  }

  /**
   * Starts Orthanc with a temporary configuration: AE title ORTHANC on the
   * lab ports, no authentication (it listens on the namespace's loopback
   * only), and the given modalities (C-MOVE destinations) by AE title.
   */
  static async start(
    ns: NetNamespace,
    dir: string,
    modalities: Record<string, [string, string, number]>,
  ): Promise<OrthancProcess> {
    mkdirSync(dir, { recursive: true });
    const config = join(dir, 'orthanc.json');
    writeFileSync(
      config,
      JSON.stringify({
        Name: 'atrium-test',
        StorageDirectory: join(dir, 'storage'),
        IndexDirectory: join(dir, 'index'),
        HttpPort: LAB_PORTS.orthancHttp,
        DicomPort: LAB_PORTS.orthancDicom,
        DicomAet: 'ORTHANC',
        RemoteAccessAllowed: false,
        AuthenticationEnabled: false,
        HttpCompressionEnabled: false,
        DicomCheckCalledAet: false,
        DicomAlwaysAllowEcho: true,
        DicomAlwaysAllowStore: true,
        DicomAlwaysAllowFind: true,
        DicomAlwaysAllowMove: true,
        DicomAlwaysAllowGet: true,
        DicomModalities: modalities,
        DicomScuTimeout: 10,
        Plugins: [],
      }),
    );
    const child = ns.spawn(findOrthanc(), [config], {
      env: { ...process.env, TCP_NODELAY: '1' },
    });
    const httpPort = await ns.forward(LAB_PORTS.orthancHttp);
    const orthanc = new OrthancProcess(child, httpPort);
    await orthanc.#waitForStart();
    return orthanc;
  }

  /** GETs a REST resource of Orthanc and parses the JSON answer. */
  async get<T>(path: string): Promise<T> {
    const answer = await fetch(`http://127.0.0.1:${this.#httpPort}${path}`);
    if (!answer.ok) throw new Error(`Orthanc ${path}: ${answer.status}`);
    return (await answer.json()) as T;
  }

  async #waitForStart(): Promise<void> {
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        await this.get('/system');
        return;
      } catch (err) {
        if (Date.now() > until || this.child.exitCode !== null) throw err;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
}

/** The Orthanc binary (Debian installs it in /usr/sbin), or null. */
export function findOrthanc(): string {
  for (const path of ['/usr/sbin/Orthanc', '/usr/bin/Orthanc']) {
    if (existsSync(path)) return path;
  }
  throw new Error('Orthanc is not installed (apt-get install orthanc)');
}
