#!/usr/bin/env node
// Builds one workspace package (and what it depends on) if its build is
// stale, then runs that package's command-line entry with the remaining
// arguments. npm runs scripts from the repository root, so the folder the
// user typed the command in travels as INIT_CWD and the CLIs resolve
// relative paths against it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [pkg, ...args] = process.argv.slice(2);
const folders = {
  '@atrium/core-server': 'apps/core-server',
  '@atrium/dicom': 'packages/dicom',
};

if (!pkg || !folders[pkg]) {
  console.error(`run-cli: unknown package ${pkg ?? '(none)'}`);
  process.exit(2);
}

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  NEXT_TELEMETRY_DISABLED: '1',
};
const build = spawnSync(
  'npx',
  ['turbo', 'run', 'build', `--filter=${pkg}...`, '--output-logs=errors-only'],
  { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] },
);
if (build.status !== 0) {
  console.error(`run-cli: building ${pkg} failed`);
  process.exit(build.status ?? 1);
}

const cli = join(root, folders[pkg], 'dist', 'cli.js');
const run = spawnSync(process.execPath, [cli, ...args], {
  cwd: root,
  env: { ...env, INIT_CWD: process.env.INIT_CWD ?? process.cwd() },
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
