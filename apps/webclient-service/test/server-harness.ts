/**
 * Real processes for the service's integration tests: a Core Server (the
 * built `atrium-core serve`) over a temporary data folder holding the
 * Sunnybrook stack, the WebClient Service in this process without Next, and
 * Worker Managers (the built `worker-manager`) that start real render
 * workers. Everything listens on 127.0.0.1 and is killed by `stop()`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreClient } from '@atrium/core-client';
import { createLogger } from '@atrium/log';
import {
  startReportServer,
  type RunningReportServer,
} from '@atrium/report-server';
import {
  WEB_SOCKET_PATH,
  type WebClientEvents,
  type WebServerEvents,
} from '@atrium/protocol';
import { repositoryRoot, testdataPath } from '@atrium/testdata';
import { loadPublicKey, tokenKeyPaths } from '@atrium/tokens';
import { encode } from 'next-auth/jwt';
import { io, type Socket } from 'socket.io-client';
import {
  startWebClientService,
  type WebClientService,
} from '../server/start-service.js';

export const SUNNYBROOK = 'cardiac/sunnybrook_SCD0000101_cinesax';
const ADMIN_PASSWORD = 'Harness-admin-Pw1';
const SECRET = 'harness-recruiter-secret';

export type BrowserSocket = Socket<WebServerEvents, WebClientEvents>;

/** A started Worker Manager process. */
export interface ManagerProcess {
  workerId: string;
  child: ChildProcess;
  output: () => string;
}

export interface Harness {
  dataDir: string;
  service: WebClientService;
  /** The report server behind /report/, with the `reportServer` option. */
  report: RunningReportServer | null;
  corePort: number;
  studyUid: string;
  /**
   * A new browser login: a next-auth cookie for a fresh session. Each call
   * logs in a user of its own (clinician, clinician2, ...), since the Core
   * Server allows one session per user. Users have the Viewer role unless
   * `roles` names others.
   */
  login(roles?: string[]): Promise<string>;
  /** A browser socket carrying a cookie; resolves once connected. */
  connect(cookie: string): Promise<BrowserSocket>;
  startManager(
    workerId: string,
    capacity: number,
    secret?: string,
  ): ManagerProcess;
  health(): Promise<{ managers: number; workers: number; sessions: number }>;
  stop(): Promise<void>;
}

/** Builds the processes the harness runs (turbo skips what is built). */
export function buildProcesses(): void {
  // Test files run in parallel; the lock keeps two of them from compiling
  // into the same dist/ folders at once (a cache hit rewrites nothing).
  execFileSync(
    'flock',
    [
      join(tmpdir(), 'atrium-test-build.lock'),
      'npx',
      'turbo',
      'run',
      'build',
      '--filter=@atrium/core-server',
      '--filter=@atrium/worker-manager',
      '--filter=@atrium/render-worker',
      '--output-logs=errors-only',
    ],
    {
      cwd: repositoryRoot(),
      stdio: 'ignore',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
}

/** Picks a free port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A Core Server the test started itself (e.g. in a network namespace with
 * a PACS beside it), reached on 127.0.0.1 at these ports.
 */
export interface ExternalCore {
  /** Its data folder: the service shares its keys (and is set up there). */
  dataDir: string;
  clientPort: number;
  adminPort: number;
  adminPassword: string;
}

/**
 * Starts the Core Server, imports Sunnybrook, starts the service. With
 * `core`, uses that Core Server instead (nothing imported; `studyUid` is
 * its first study, or '' when it holds none).
 */
export async function startHarness(
  options: {
    browserGraceSeconds?: number;
    idleTimeoutSeconds?: number;
    core?: ExternalCore;
    /** Runs the report server in this process, proxied under /report/. */
    reportServer?: boolean;
  } = {},
): Promise<Harness> {
  const root = repositoryRoot();
  const dataDir =
    options.core?.dataDir ?? mkdtempSync(join(tmpdir(), 'atrium-web-'));
  const children: ChildProcess[] = [];
  const adminPassword = options.core?.adminPassword ?? ADMIN_PASSWORD;
  const [clientPort, adminPort] = options.core
    ? [options.core.clientPort, options.core.adminPort]
    : await startCore(dataDir, children);

  await addClinician(adminPort, adminPassword, 'clinician');
  const report = options.reportServer
    ? await startReportServer({
        host: '127.0.0.1',
        port: 0,
        core: { host: '127.0.0.1', port: clientPort },
        publicKey: await loadPublicKey(tokenKeyPaths(dataDir).publicKeyPath),
        log: createLogger({
          processName: 'report-server',
          dir: join(dataDir, 'ServerLogs'),
        }),
      })
    : null;

  const webPort = await freePort();
  const settingsText =
    `[webclient_service]\nwebport=${webPort}\nwebtlsport=${await freePort()}\n` +
    `recruiterport=${await freePort()}\nrpcport=${await freePort()}\n` +
    `coreserverhost=127.0.0.1\ncoreserverport=${clientPort}\n` +
    `recruitersecret=${SECRET}\n` +
    (report ? `reportserverurl=http://127.0.0.1:${report.port}\n` : '');
  writeFileSync(join(dataDir, 'webclient_service.ini'), settingsText);
  const service = await startWebClientService({
    dataDir,
    next: false,
    host: '127.0.0.1',
    browserGraceSeconds: options.browserGraceSeconds ?? 2,
    idleTimeoutSeconds: options.idleTimeoutSeconds,
    log: createLogger({
      processName: 'webclient-service',
      dir: join(dataDir, 'ServerLogs'),
    }),
  });

  const nextAuthSecret = readFileSync(
    join(dataDir, 'keys', 'nextauth-secret'),
    'utf8',
  ).trim();
  const clients: CoreClient[] = [];
  const sockets: BrowserSocket[] = [];
  let logins = 0;
  const studyUid = await findStudyUid(clientPort);

  return {
    dataDir,
    service,
    report,
    corePort: clientPort,
    studyUid,
    async login(roles) {
      logins += 1;
      const userId = logins === 1 ? 'clinician' : `clinician${logins}`;
      if (logins > 1 || roles) {
        await addClinician(adminPort, adminPassword, userId, roles);
      }
      // The browser's session stays on this connection, as next-auth's
      // server side would hold it.
      const client = await CoreClient.connect(`ws://127.0.0.1:${clientPort}`);
      clients.push(client);
      const login = await client.authenticate(userId, 'Clinician-Pw1');
      const jwt = await encode({
        secret: nextAuthSecret,
        token: {
          sub: login.user.userId,
          userId: login.user.userId,
          coreToken: login.token,
          coreTokenExpiresAt: login.expiresAt,
          coreSessionId: login.sessionId,
        },
      });
      return `next-auth.session-token=${jwt}`;
    },
    connect(cookie) {
      const socket: BrowserSocket = io(`http://127.0.0.1:${webPort}`, {
        path: WEB_SOCKET_PATH,
        transports: ['websocket'],
        // The service takes browser sockets only from its own origins.
        extraHeaders: { cookie, origin: `http://127.0.0.1:${webPort}` },
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    },
    startManager(workerId, capacity, secret = SECRET) {
      const managerDir = join(dataDir, `manager-${workerId}`);
      mkdirSync(managerDir, { recursive: true });
      writeFileSync(
        join(managerDir, 'worker_manager.ini'),
        `[worker_manager]\nwebclientservicehost=127.0.0.1\n` +
          `webclientservicerecruiterport=${service.ports.recruiter}\n` +
          `workerid=${workerId}\ncapacity=${capacity}\nrecruitersecret=${secret}\n`,
      );
      const managerCli = join(root, 'apps', 'worker-manager', 'dist', 'cli.js');
      const child = spawn(process.execPath, [managerCli], {
        env: { ...process.env, ATRIUM_DATA: managerDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let text = '';
      child.stdout?.on('data', (chunk) => (text += chunk));
      child.stderr?.on('data', (chunk) => (text += chunk));
      return { workerId, child, output: () => text };
    },
    async health() {
      const answer = await fetch(`http://127.0.0.1:${webPort}/api/health`);
      return (await answer.json()) as {
        managers: number;
        workers: number;
        sessions: number;
      };
    },
    async stop() {
      for (const socket of sockets) socket.disconnect();
      await service.close();
      await report?.close();
      for (const client of clients) await client.close().catch(() => undefined);
      await Promise.all(children.map((child) => killAndWait(child)));
      if (!process.env.ATRIUM_KEEP_TEST_DATA) {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Starts the harness's own Core Server over `dataDir` with Sunnybrook
 * imported; resolves with its client and admin ports.
 */
async function startCore(
  dataDir: string,
  children: ChildProcess[],
): Promise<[number, number]> {
  const [clientPort, adminPort, pacsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  writeFileSync(
    join(dataDir, 'serverconfig.ini'),
    `[General]\nClientPort=${clientPort}\nAdminPort=${adminPort}\n` +
      `[DicomNetwork]\nLocalPacsPort=${pacsPort}\n[Network]\nBindAddress=127.0.0.1\n`,
  );
  const env = { ...process.env, ATRIUM_DATA: dataDir };
  const coreCli = join(
    repositoryRoot(),
    'apps',
    'core-server',
    'dist',
    'cli.js',
  );
  execFileSync(
    process.execPath,
    [coreCli, 'import', testdataPath(SUNNYBROOK)],
    {
      env,
      stdio: 'ignore',
    },
  );

  const core = spawn(process.execPath, [coreCli, 'serve'], {
    env: { ...env, ATRIUM_ADMIN_PASSWORD: ADMIN_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(core);
  await waitForOutput(core, /listening/, 30_000);
  return [clientPort, adminPort];
}

/** Adds a Viewer account with the password every harness login uses. */
async function addClinician(
  adminPort: number,
  adminPassword: string,
  userId: string,
  roles = ['Viewer'],
): Promise<void> {
  const admin = await CoreClient.connect(`ws://127.0.0.1:${adminPort}`);
  await admin.authenticate('admin', adminPassword, {
    closeOtherSessions: true,
  });
  // The first clinician exists already; asking for roles changes them.
  const exists = (await admin.call('ListUsers', {})).users.some(
    (user) => user.userId === userId,
  );
  if (exists) await admin.call('UpdateUser', { userId, roles });
  else {
    await admin.call('AddUser', { userId, password: 'Clinician-Pw1', roles });
  }
  await admin.logout();
  await admin.close();
}

async function findStudyUid(clientPort: number): Promise<string> {
  const client = await CoreClient.connect(`ws://127.0.0.1:${clientPort}`);
  await client.authenticate('clinician', 'Clinician-Pw1');
  const list = await client.listStudies({});
  await client.logout();
  await client.close();
  return list.studies[0]?.studyUid ?? '';
}

/** Resolves once the child has written a line matching `pattern`. */
export function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `no output matching ${pattern} in ${timeoutMs} ms: ${text}`,
          ),
        ),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}: ${text}`));
    });
  });
}

/** Kills a child (SIGKILL) and waits until it is gone. */
export function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Process ids whose command line contains `render-worker`, as ps shows. */
export function renderWorkerPids(): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .filter((line) => /render-worker/.test(line) && !/\bps\b/.test(line))
    .map((line) => Number.parseInt(line.trim(), 10))
    .filter((pid) => Number.isInteger(pid));
}

/** Whether a process id is alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` until it returns true or the time runs out. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves with the next emission of a socket event. */
export function nextEvent<T>(
  socket: BrowserSocket,
  event: keyof WebServerEvents,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${event} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    (socket as unknown as Socket).once(event, (data: T) => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}
