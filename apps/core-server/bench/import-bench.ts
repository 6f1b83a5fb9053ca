/**
 * Import benchmark: copies and indexes the Sunnybrook cine stack (240
 * instances) into a fresh temporary data directory and reports instances
 * per second. Run it with
 *   npx tsx --conditions=source apps/core-server/bench/import-bench.ts
 * Figures depend on the disk and the page cache: the first run after a
 * reboot reads the source from disk, later runs from memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { testdataDir } from '@atrium/testdata';
import { openCoreContext } from '../src/context.js';
import { importPaths } from '../src/import/import-paths.js';

/** One measured import. */
export interface ImportBenchResult {
  instances: number;
  seconds: number;
  perSecond: number;
}

const RUNS = 5;

/**
 * Imports the Sunnybrook stack into a new data directory RUNS times and
 * returns the median run (the import alone: opening the database and
 * loading the configuration are left out).
 */
export async function benchImport(): Promise<ImportBenchResult> {
  const source = join(
    testdataDir(),
    'cardiac',
    'sunnybrook_SCD0000101_cinesax',
  );
  const results: ImportBenchResult[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    results.push(await measureOnce(source));
  }
  results.sort((a, b) => a.perSecond - b.perSecond);
  return results[Math.floor(results.length / 2)]!;
}

async function measureOnce(source: string): Promise<ImportBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'atrium-bench-'));
  const ctx = openCoreContext({ dataDir, processName: 'core-bench' });
  try {
    const summary = await importPaths(ctx, [source]);
    return {
      instances: summary.imported,
      seconds: summary.seconds,
      perSecond: summary.imported / summary.seconds,
    };
  } finally {
    ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const runDirectly =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  const result = await benchImport();
  process.stdout.write(
    `import: ${result.instances} instances in ${result.seconds.toFixed(3)} s ` +
      `= ${Math.round(result.perSecond)} instances/s ` +
      `(median of ${RUNS} runs into a fresh data directory)\n`,
  );
}
