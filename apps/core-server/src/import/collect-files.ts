import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { coreError } from '../errors.js';

const byNaturalName = new Intl.Collator('en', { numeric: true }).compare;

/**
 * Lists the files under the given paths (files as they are, folders
 * recursively), in a stable natural order: 2.dcm before 10.dcm. Symbolic
 * links are followed, each folder is visited once, and folders whose real
 * path is in `skip` (the image store itself, the quarantine) are left out.
 * Throws CORE_IMPORT_PATH_MISSING naming the first path that does not exist.
 */
export async function collectFiles(
  paths: readonly string[],
  skip: readonly string[] = [],
): Promise<string[]> {
  const skipped = new Set(await Promise.all(skip.map(realpathOrSelf)));
  const visited = new Set<string>();
  const files: string[] = [];

  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      throw coreError(
        'CORE_IMPORT_PATH_MISSING',
        `The path to import does not exist: ${path}`,
      );
    }
    if (info.isDirectory()) await walk(path, files, visited, skipped);
    else if (info.isFile()) files.push(path);
  }
  return files;
}

async function walk(
  folder: string,
  files: string[],
  visited: Set<string>,
  skipped: Set<string>,
): Promise<void> {
  const real = await realpathOrSelf(folder);
  if (visited.has(real) || skipped.has(real)) return;
  visited.add(real);

  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => byNaturalName(a.name, b.name));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    let isFolder = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(path).catch(() => undefined);
      isFolder = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }

    if (isFolder) await walk(path, files, visited, skipped);
    else if (isFile) files.push(path);
  }
}

async function realpathOrSelf(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}
