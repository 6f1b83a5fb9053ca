/**
 * Playwright's global setup: builds what is not yet built, starts the whole
 * product once for every journey, and returns the teardown that stops it.
 * The journeys find it through ATRIUM_JOURNEY_* environment variables.
 */
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startProduct } from './product.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  // ATRIUM_JOURNEY_SKIP_BUILD=1 runs the journeys on what is built already,
  // for instance while another part of the tree is half-edited.
  if (process.env.ATRIUM_JOURNEY_SKIP_BUILD !== '1') buildProduct();

  const product = await startProduct();
  process.env.ATRIUM_JOURNEY_BASE_URL = product.baseUrl;
  process.env.ATRIUM_JOURNEY_HTTPS_URL = product.httpsUrl;
  process.env.ATRIUM_JOURNEY_DATA = product.dataDir;
  process.env.ATRIUM_JOURNEY_TESTDATA = product.testdataDir;
  return () => product.stop();
}

/**
 * Builds the processes the product runs and the service's production Next
 * build (turbo skips what is up to date). Also used by `npm run bench`,
 * which keeps turbo's lines out of its tables with 'pipe'; a failed build
 * then throws with turbo's output in the message. Waits for a build that
 * another test run has started.
 */
export function buildProduct(output: 'inherit' | 'pipe' = 'inherit'): void {
  // The lock is the one the integration tests' builds take
  // (apps/webclient-service/test/server-harness.ts): two builds at once
  // write into the same dist/ and .next/ folders, and next refuses to run
  // beside another next build.
  const args = [
    join(tmpdir(), 'atrium-test-build.lock'),
    'npx',
    'turbo',
    'run',
    'build',
    '--filter=@atrium/core-server',
    '--filter=@atrium/webclient-service',
    '--filter=@atrium/worker-manager',
    '--filter=@atrium/render-worker',
    '--output-logs=errors-only',
  ];
  try {
    execFileSync('flock', args, {
      cwd: ROOT,
      stdio: output,
      env: {
        ...process.env,
        TURBO_TELEMETRY_DISABLED: '1',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    });
  } catch (error) {
    if (output === 'inherit') throw error;
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(
      `the build failed:\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`,
    );
  }
}
