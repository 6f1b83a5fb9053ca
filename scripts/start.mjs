#!/usr/bin/env node
// `npm start`: builds what is not yet built, then starts every Atrium
// process that exists on its embedded defaults (SQLite, data in ATRIUM_DATA
// or ./data) and keeps them running until Ctrl-C. Each process writes its
// own default .ini file on a first run and prints where it listens.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  INIT_CWD: process.env.INIT_CWD ?? process.cwd(),
};

const processes = [
  {
    name: 'core-server',
    entry: 'apps/core-server/dist/cli.js',
    args: ['serve'],
  },
];

console.log('atrium: building (only what changed)...');
const build = spawnSync(
  'npx',
  ['turbo', 'run', 'build', '--output-logs=errors-only'],
  { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] },
);
if (build.status !== 0) {
  console.error('atrium: the build failed; nothing was started');
  process.exit(1);
}

const children = processes.map(({ name, entry, args }) => {
  const child = spawn(process.execPath, [join(root, entry), ...args], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => onChildExit(name, code, signal));
  return child;
});

let stopping = false;

function onChildExit(name, code, signal) {
  if (stopping) return;
  console.error(
    `atrium: ${name} stopped (${signal ?? `exit code ${code}`}); ` +
      'stopping the others',
  );
  stopAll(code || 1);
}

function stopAll(exitCode) {
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(exitCode), 3000).unref();
  Promise.all(
    children.map((c) =>
      c.exitCode === null ? new Promise((r) => c.on('exit', r)) : null,
    ),
  ).then(() => process.exit(exitCode));
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
