/**
 * `npm run bench`: every benchmark suite in one run, so figures printed side
 * by side were taken on the same machine under the same load. Run through
 * scripts/bench.mjs, which loads TypeScript sources directly.
 */
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import {
  benchDicomIngest,
  formatDicomIngest,
} from '../apps/core-server/bench/dicom-bench.js';
import { benchImport } from '../apps/core-server/bench/import-bench.js';
import {
  benchDecode,
  formatDecodeTable,
} from '../packages/dicom/bench/decode-bench.js';
import {
  benchSession,
  formatSessionTable,
} from '../workers/render-worker/bench/session-bench.js';
import {
  benchReport,
  formatReportTable,
} from '../apps/report-server/bench/report-bench.js';
import {
  benchBrowserCine,
  CHROMIUM,
  formatBrowserCineTable,
} from '../playwright/bench/cine-bench.js';

function printHeading(title: string): void {
  console.log(`\n## ${title}\n`);
}

async function main(): Promise<void> {
  const gib = (totalmem() / 2 ** 30).toFixed(0);
  console.log(
    `Atrium benchmark — node ${process.version}, ` +
      `${cpus().length} cores, ${gib} GiB, ${new Date().toISOString()}`,
  );

  printHeading('Import of the Sunnybrook stack (median of 5 runs)');
  const imported = await benchImport();
  console.log(
    `${imported.instances} instances in ${imported.seconds.toFixed(2)} s: ` +
      `${imported.perSecond.toFixed(0)} instances/s`,
  );

  printHeading('C-STORE ingest of the Sunnybrook stack (beside Orthanc)');
  console.log(formatDicomIngest(benchDicomIngest()));

  printHeading('Decode time per frame, warm, one thread (testdata/ts)');
  console.log(formatDecodeTable(await benchDecode()));

  printHeading('A viewing session on the Sunnybrook stack (beside Orthanc)');
  console.log(formatSessionTable(await benchSession()));

  printHeading('Report pages through the /report/ proxy (Sunnybrook)');
  console.log(formatReportTable(await benchReport()));

  printHeading("The viewer in Debian's Chromium (whole product, loopback)");
  if (existsSync(CHROMIUM)) {
    console.log(formatBrowserCineTable(await benchBrowserCine()));
  } else {
    console.log(`${CHROMIUM} is not installed (apt-get install chromium).`);
  }
}

await main();
