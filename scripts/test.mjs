#!/usr/bin/env node
// The one test command (`npm test`, also what CI runs through .ci/run):
// installs the system packages the tests need, checks formatting, lint and
// types, builds every package, then runs every test. It stops at the first
// failing step and ends with a plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  NEXT_TELEMETRY_DISABLED: '1',
};
const results = join(root, 'test-results');
const vitestJson = join(results, 'vitest.json');

const steps = [
  ['system packages', 'bash', ['scripts/ensure-system-deps.sh']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['lint', 'npx', ['eslint', '.']],
  ['types', 'npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only']],
  ['build', 'npx', ['turbo', 'run', 'build', '--output-logs=errors-only']],
  [
    'tests',
    'npx',
    [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestJson}`,
    ],
  ],
  // Browser journeys in Debian's Chromium against the whole product.
  ['journeys', 'npx', ['playwright', 'test']],
];

function runStep([name, command, args]) {
  const started = Date.now();
  console.log(`\n== ${name}: ${command} ${args.join(' ')}`);
  const run = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `== ${name}: ${run.status === 0 ? 'ok' : 'FAILED'} (${seconds} s)`,
  );
  return run.status === 0;
}

function printTotals() {
  if (!existsSync(vitestJson)) return;
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(
    `\ntests: ${report.numPassedTests} passed, ` +
      `${report.numFailedTests} failed, ${skipped} skipped`,
  );
}

mkdirSync(results, { recursive: true });
let ok = true;
for (const step of steps) {
  if (!runStep(step)) {
    ok = false;
    break;
  }
}
printTotals();
process.exit(ok ? 0 : 1);
