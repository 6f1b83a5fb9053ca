/**
 * The whole product for the browser journeys, as real processes on private
 * loopback ports over a temporary data folder: the Core Server (with the
 * cardiac studies of the shared test data imported, the Sunnybrook stack
 * among them, and a user per role the journeys need), the
 * WebClient Service with its production Next build, one Worker Manager and
 * the report server behind the service's /report/ path.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is playwright/support/product.ts). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Sunnybrook short-axis cine stack of the shared test data. */
export const SUNNYBROOK = 'cardiac/sunnybrook_SCD0000101_cinesax';
/** Imported whole: Sunnybrook plus the other cardiac studies, for paging. */
const IMPORTED = 'cardiac';

/** Accounts the journeys log in with (test-only passwords). */
export const USERS = {
  admin: { username: 'admin', password: 'Journey-admin-Pw1' },
  clinician: {
    username: 'clinician',
    password: 'Journey-clinician-Pw1',
    roles: 'Viewer',
  },
  // Locked out by the wrong-password journey; used by nothing else.
  lockout: {
    username: 'lockout',
    password: 'Journey-lockout-Pw1',
    roles: 'Viewer',
  },
  // Created with a password that must change at the first login.
  newcomer: {
    username: 'newcomer',
    password: 'Journey-newcomer-Pw1',
    roles: 'Viewer',
  },
} as const;

/** Failed logins before the Core Server locks an account (serverconfig.ini). */
export const FAILED_LOGINS_BEFORE_LOCK = 3;

/** What the journeys need to know about the running product. */
export interface ProductInfo {
  baseUrl: string;
  /** The same service on its TLS port, with the development certificate. */
  httpsUrl: string;
  dataDir: string;
  testdataDir: string;
}

/** A running product. */
export interface Product extends ProductInfo {
  stop(): Promise<void>;
}

/** Starts everything; throws with the failing process's output. */
export async function startProduct(): Promise<Product> {
  const testdataDir = findTestdata();
  const dataDir = mkdtempSync(join(tmpdir(), 'atrium-journeys-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.reverse().map(stopChild));
    if (!process.env.ATRIUM_KEEP_TEST_DATA)
      rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const ports = await pickPorts();
    const certs = join(dataDir, 'certs');
    run(
      join(ROOT, 'certs', 'make-dev-cert.mjs'),
      ['--dir', certs],
      process.env,
    );
    writeSettings(dataDir, ports, certs);
    const env = {
      ...process.env,
      ATRIUM_DATA: dataDir,
      ATRIUM_ADMIN_PASSWORD: USERS.admin.password,
      NEXT_TELEMETRY_DISABLED: '1',
    };
    const core = join(ROOT, 'apps', 'core-server', 'dist', 'cli.js');
    run(core, ['import', join(testdataDir, IMPORTED)], env);
    for (const user of [USERS.clinician, USERS.lockout, USERS.newcomer]) {
      const args = ['users', 'add', user.username, '--roles', user.roles];
      if (user === USERS.newcomer) args.push('--must-change');
      run(core, args, { ...env, ATRIUM_USER_PASSWORD: user.password });
    }

    children.push(start('core-server', core, ['serve'], env));
    await waitForOutput(children[0]!, /listening/i, 30_000);

    const service = join(
      ROOT,
      'apps',
      'webclient-service',
      'dist-server',
      'cli.js',
    );
    children.push(start('webclient-service', service, [], env));
    const baseUrl = `http://127.0.0.1:${ports.web}`;
    await waitForHealth(baseUrl, children[1]!, () => true, 60_000);

    const managerDir = join(dataDir, 'manager');
    mkdirSync(managerDir);
    writeFileSync(
      join(managerDir, 'worker_manager.ini'),
      `[worker_manager]\nwebclientservicehost=127.0.0.1\n` +
        `webclientservicerecruiterport=${ports.recruiter}\n` +
        `workerid=journeys\ncapacity=4\nrecruitersecret=${ports.secret}\n`,
    );
    const manager = join(ROOT, 'apps', 'worker-manager', 'dist', 'cli.js');
    children.push(
      start('worker-manager', manager, [], { ...env, ATRIUM_DATA: managerDir }),
    );
    await waitForHealth(baseUrl, children[2]!, (h) => h.managers === 1, 30_000);

    const report = join(ROOT, 'apps', 'report-server', 'dist', 'cli.js');
    const reportChild = start('report-server', report, [], env);
    children.push(reportChild);
    await waitForOutput(reportChild, /report-server: http/, 30_000);

    const httpsUrl = `https://127.0.0.1:${ports.webTls}`;
    return { baseUrl, httpsUrl, dataDir, testdataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface Ports {
  client: number;
  admin: number;
  pacs: number;
  web: number;
  webTls: number;
  recruiter: number;
  rpc: number;
  report: number;
  secret: string;
}

async function pickPorts(): Promise<Ports> {
  return {
    client: await freePort(),
    admin: await freePort(),
    pacs: await freePort(),
    web: await freePort(),
    webTls: await freePort(),
    recruiter: await freePort(),
    rpc: await freePort(),
    report: await freePort(),
    secret: randomBytes(16).toString('hex'),
  };
}

// Only the keys that differ from the defaults; the processes write the rest.
function writeSettings(dataDir: string, ports: Ports, certs: string): void {
  writeFileSync(
    join(dataDir, 'serverconfig.ini'),
    `[General]\nClientPort=${ports.client}\nAdminPort=${ports.admin}\n` +
      `FailedLoginsBeforeTempLock=${FAILED_LOGINS_BEFORE_LOCK}\n` +
      `FailedLoginTempLockDuration=600\n` +
      `[DicomNetwork]\nLocalPacsPort=${ports.pacs}\n` +
      `[Network]\nBindAddress=127.0.0.1\n`,
  );
  writeFileSync(
    join(dataDir, 'webclient_service.ini'),
    `[webclient_service]\nwebfqdn=127.0.0.1\nwebport=${ports.web}\n` +
      `webtlsport=${ports.webTls}\nrecruiterport=${ports.recruiter}\n` +
      `rpcport=${ports.rpc}\ncoreserverhost=127.0.0.1\n` +
      `coreserverport=${ports.client}\nrecruitersecret=${ports.secret}\n` +
      `webtls=true\nwebtlscert=${join(certs, 'server.pem')}\n` +
      `webtlskey=${join(certs, 'server-key.pem')}\n` +
      `reportserverurl=http://127.0.0.1:${ports.report}\n` +
      // The embedding journey's portal is another port on this host.
      `webframeancestors='self' http://127.0.0.1:*\n`,
  );
  writeFileSync(
    join(dataDir, 'report_server.ini'),
    `[report_server]\nport=${ports.report}\nbindaddress=127.0.0.1\n` +
      `coreserverhost=127.0.0.1\ncoreserverport=${ports.client}\n`,
  );
}

function findTestdata(): string {
  return process.env.ATRIUM_TESTDATA ?? join(ROOT, '..', 'shared', 'testdata');
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv): void {
  try {
    execFileSync(process.execPath, [script, ...args], {
      env,
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(
      `${script} ${args.join(' ')} failed:\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`,
    );
  }
}

const outputs = new WeakMap<ChildProcess, { text: string }>();

function start(
  name: string,
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
) {
  const child = spawn(process.execPath, [script, ...args], {
    env,
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { text: '' };
  outputs.set(child, output);
  const keep = (chunk: Buffer) => {
    output.text += chunk.toString();
    if (process.env.ATRIUM_JOURNEY_LOGS)
      process.stderr.write(`[${name}] ${chunk}`);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<void> {
  const output = outputs.get(child)!;
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(output.text)) return resolve();
      if (child.exitCode !== null || Date.now() > until) {
        return reject(
          new Error(`no ${pattern} from the process:\n${output.text}`),
        );
      }
      setTimeout(check, 50);
    };
    check();
  });
}

/** Health counts as GET /api/health answers them. */
export interface Health {
  status: string;
  managers: number;
  workers: number;
  sessions: number;
}

/** Reads the service's health answer. */
export async function readHealth(baseUrl: string): Promise<Health> {
  const answer = await fetch(`${baseUrl}/api/health`);
  return (await answer.json()) as Health;
}

async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  ready: (health: Health) => boolean,
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const health = await readHealth(baseUrl).catch(() => null);
    if (health && ready(health)) return;
    if (child.exitCode !== null || Date.now() > until) {
      throw new Error(
        `the product did not come up:\n${outputs.get(child)?.text ?? ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function freePort(): Promise<number> {
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

// SIGTERM first so each process ends its sessions and workers cleanly;
// SIGKILL after five seconds if it has not.
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
