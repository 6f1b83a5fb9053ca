import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testdataDir } from '@atrium/testdata';
import { openCoreContext, type CoreContext } from '../../src/context.js';

const folders: string[] = [];
const contexts: CoreContext[] = [];

/** A fresh folder under the system temp folder, removed by cleanUp(). */
export function makeTempDir(prefix = 'atrium-core-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

/** A Core Server context on a fresh data directory, closed by cleanUp(). */
export function openTempContext(dataDir = makeTempDir()): CoreContext {
  const ctx = openCoreContext({ dataDir, processName: 'core-test' });
  contexts.push(ctx);
  return ctx;
}

/** Closes the contexts and removes the folders made since the last call. */
export function cleanUp(): void {
  for (const ctx of contexts.splice(0)) ctx.close();
  for (const dir of folders.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Sunnybrook cine stack of the shared test data (240 files, 12 × 20). */
export function sunnybrookDir(): string {
  return join(testdataDir(), 'cardiac', 'sunnybrook_SCD0000101_cinesax');
}
