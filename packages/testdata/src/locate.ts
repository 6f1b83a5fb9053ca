import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, three levels above this file (src/ or dist/). */
export function repositoryRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

/**
 * The shared, read-only test data folder: ATRIUM_TESTDATA when set, else
 * `<repository root>/../shared/testdata`.
 */
export function testdataDir(): string {
  const fromEnvironment = process.env.ATRIUM_TESTDATA;
  if (fromEnvironment) return resolve(fromEnvironment);
  return resolve(repositoryRoot(), '..', 'shared', 'testdata');
}

/** Absolute path of a file named relative to the test data folder. */
export function testdataPath(relative: string): string {
  return join(testdataDir(), relative);
}

/** Whether the test data folder and its manifest are present. */
export function hasTestdata(): boolean {
  return existsSync(join(testdataDir(), 'MANIFEST.md'));
}
