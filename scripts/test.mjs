#!/usr/bin/env node
// The one test command (`npm test`, also what CI runs through .ci/run):
// installs the system packages the tests need, checks formatting, lint and
// types, builds every package, then runs every test. It stops at the first
// failing step and ends with a plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
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
const journeysJson = join(results, 'journeys.json');

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
  ['journeys', 'npx', ['playwright', 'test', '--reporter=list,json']],
];

function runStep([name, command, args]) {
  const started = Date.now();
  console.log(`\n== ${name}: ${command} ${args.join(' ')}`);
  const run = spawnSync(command, args, {
    cwd: root,
    env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: journeysJson },
    stdio: 'inherit',
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `== ${name}: ${run.status === 0 ? 'ok' : 'FAILED'} (${seconds} s)`,
  );
  return run.status === 0;
}

/** Adds up vitest's and Playwright's counts into one closing line. */
function printTotals() {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(vitestJson)) {
    const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  }
  if (existsSync(journeysJson)) {
    const { stats } = JSON.parse(readFileSync(journeysJson, 'utf8'));
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
  }
  console.log(
    `\ntests: ${totals.passed} passed, ${totals.failed} failed, ` +
      `${totals.skipped} skipped`,
  );
}

mkdirSync(results, { recursive: true });
// Counts from an earlier run must not stand in for this one's.
rmSync(vitestJson, { force: true });
rmSync(journeysJson, { force: true });
let ok = true;
for (const step of steps) {
  if (!runStep(step)) {
    ok = false;
    break;
  }
}
printTotals();
process.exit(ok ? 0 : 1);
