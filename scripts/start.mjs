#!/usr/bin/env node
// `npm start`: builds what is not yet built, prepares a first run (a
// development certificate, the .ini files with HTTPS on and one shared
// recruiter secret), then starts the Core Server, the WebClient Service,
// one Worker Manager and the report server on their defaults and keeps them
// running until Ctrl-C.
// Existing .ini files are never rewritten.
//
// `npm run dev` (this script with --dev) is the developer's variant: the
// WebClient Service runs from its TypeScript sources with Next in
// development mode, reloading the app on every change and restarting the
// custom server when its files change; the other processes run built.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  INIT_CWD: process.env.INIT_CWD ?? process.cwd(),
};

const dev = process.argv.includes('--dev');
const processes = [
  { name: 'core-server', entry: 'apps/core-server/dist/cli.js', args: [] },
  dev
    ? {
        name: 'webclient-service',
        entry: 'node_modules/tsx/dist/cli.mjs',
        args: [
          'watch',
          '--clear-screen=false',
          'apps/webclient-service/server/cli.ts',
          '--dev',
        ],
      }
    : {
        name: 'webclient-service',
        entry: 'apps/webclient-service/dist-server/cli.js',
        args: [],
      },
  {
    name: 'worker-manager',
    entry: 'apps/worker-manager/dist/cli.js',
    args: [],
  },
  {
    name: 'report-server',
    entry: 'apps/report-server/dist/cli.js',
    args: [],
  },
];

// A process that stops within this long of its first start stopped on its
// settings (a bad .ini value, a port in use): restarting cannot help.
const STARTUP_MS = 10_000;
// More restarts than this in RESTART_WINDOW_MS means it keeps failing.
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

buildEverything();
const config = await import('@atrium/config');
const dataDir = config.resolveDataDir(env);
// The Core Server prints the admin's first password only on a first run.
const firstRun = !existsSync(join(dataDir, 'serverconfig.ini'));
prepareFirstRun(dataDir);
// The service reads the next-auth secret and the token public key at start,
// so they must exist before it does, not only once the Core Server has run.
const { ensureTokenKeys } = await import('@atrium/tokens');
await ensureTokenKeys(dataDir);
let stopping = false;
const children = processes.map((spec, slot) => startProcess(spec, slot));
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
await waitForWebPort();
printWhereToGo();

function buildEverything() {
  console.log(
    'atrium: building (only what changed; the first build takes a few minutes)...',
  );
  // In development Next compiles the app itself, on demand.
  const skip = dev ? ['--filter=!@atrium/webclient-service'] : [];
  const build = spawnSync(
    'npx',
    ['turbo', 'run', 'build', ...skip, '--output-logs=errors-only'],
    { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (build.status !== 0) {
    console.error('atrium: the build failed; nothing was started');
    process.exit(1);
  }
}

/**
 * Writes what a first run needs and leaves everything that exists alone:
 * the development certificate, then webclient_service.ini and
 * worker_manager.ini sharing one generated recruiter secret, and
 * report_server.ini.
 */
function prepareFirstRun(dir) {
  const certDir = join(dir, 'certs');
  const certs = spawnSync(
    process.execPath,
    [join(root, 'certs', 'make-dev-cert.mjs'), '--dir', certDir],
    { cwd: root, env, stdio: 'inherit' },
  );
  if (certs.status !== 0) {
    console.error('atrium: could not make the development certificate');
    process.exit(1);
  }

  const secret = readExistingSecret(dir) ?? randomBytes(24).toString('hex');
  try {
    config.loadServerConfig(dir, {
      firstRun: config.FIRST_RUN_VALUES.serverConfig,
    });
    config.loadWebClientServiceConfig(dir, {
      firstRun: {
        ...config.FIRST_RUN_VALUES.webClientService,
        webtls: true,
        webforcehttps: true,
        webtlscert: 'certs/server.pem',
        webtlskey: 'certs/server-key.pem',
        recruitersecret: secret,
      },
    });
    config.loadWorkerManagerConfig(dir, {
      firstRun: { recruitersecret: secret },
    });
    config.loadReportServerConfig(dir);
  } catch (error) {
    console.error(`atrium: ${error.message}`);
    process.exit(1);
  }
}

/** The recruiter secret already in one of the two files, if any. */
function readExistingSecret(dir) {
  const files = [
    ['webclient_service.ini', config.loadWebClientServiceConfig],
    ['worker_manager.ini', config.loadWorkerManagerConfig],
  ];
  for (const [name, load] of files) {
    if (!existsSync(join(dir, name))) continue;
    const loaded = load(dir);
    const section = loaded.webClientService ?? loaded.workerManager;
    if (section.recruiterSecret) return section.recruiterSecret;
  }
  return null;
}

/**
 * Starts one process. `slot` is its place in `children`, so a restart
 * replaces it there.
 */
function startProcess(spec, slot, restarts = []) {
  const { entry, args } = spec;
  const child = spawn(process.execPath, [join(root, entry), ...args], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  const startedAt = Date.now();
  child.on('exit', (code, signal) =>
    onChildExit({ spec, slot, restarts, startedAt }, code, signal),
  );
  return child;
}

/** Resolves once the service accepts connections (at most two minutes). */
async function waitForWebPort() {
  const { webPort } =
    config.loadWebClientServiceConfig(dataDir).webClientService;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !stopping) {
    if (await canConnect(webPort)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.setTimeout(1000, () => finish(false));
  });
}

function printWhereToGo() {
  const web = config.loadWebClientServiceConfig(dataDir).webClientService;
  const url = web.webTls
    ? `https://${web.webFqdn}:${web.webTlsPort}/`
    : `http://${web.webFqdn}:${web.webPort}/`;
  console.log(`\natrium: data in ${dataDir}`);
  console.log(
    firstRun
      ? `atrium: open ${url} and log in as admin with the password printed above`
      : `atrium: open ${url} and log in`,
  );
  if (web.webTls) {
    console.log(
      `atrium: the development CA to trust is ${join(dataDir, 'certs', 'ca.pem')}`,
    );
  }
  console.log('atrium: Ctrl-C stops everything\n');
}

/**
 * Keeps the product up when one process dies later on (a killed manager
 * must not log every clinician out): restarts it, unless it failed at
 * start or keeps failing, in which case everything stops.
 */
function onChildExit({ spec, slot, restarts, startedAt }, code, signal) {
  if (stopping) return;
  const how = signal ?? `exit code ${code}`;
  const now = Date.now();
  const recent = restarts.filter((t) => now - t < RESTART_WINDOW_MS);
  // Only a first start that fails is a settings problem; a restarted
  // process that dies again counts towards MAX_RESTARTS instead.
  const firstStart = restarts.length === 0;
  if (firstStart && now - startedAt < STARTUP_MS) {
    console.error(
      `atrium: ${spec.name} stopped at start (${how}; its reason is above); stopping the others`,
    );
    stopAll(code || 1);
    return;
  }
  if (recent.length >= MAX_RESTARTS) {
    console.error(
      `atrium: ${spec.name} stopped ${MAX_RESTARTS + 1} times within a minute (last: ${how}); stopping the others`,
    );
    stopAll(code || 1);
    return;
  }
  console.error(`atrium: ${spec.name} stopped (${how}); restarting it`);
  setTimeout(() => {
    if (stopping) return;
    children[slot] = startProcess(spec, slot, [...recent, now]);
  }, 1000);
}

function stopAll(exitCode) {
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(exitCode), 5000).unref();
  Promise.all(
    children.map((c) =>
      c.exitCode === null ? new Promise((r) => c.on('exit', r)) : null,
    ),
  ).then(() => process.exit(exitCode));
}
