#!/usr/bin/env node
// `npm run bench`: runs the benchmark suites from their TypeScript sources
// (workspace packages resolve to src/ through the `source` condition) and
// prints one table per suite. Figures are taken in one run on this machine.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = spawnSync(
  process.execPath,
  [
    '--conditions=source',
    '--import',
    'tsx',
    'scripts/bench.ts',
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, INIT_CWD: process.env.INIT_CWD ?? process.cwd() },
  },
);
process.exit(run.status ?? 1);
