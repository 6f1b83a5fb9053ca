import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rmdir } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Folder of the incoming folder where a batch waits while imported. */
const IMPORTING = '.importing';

/**
 * Files of the incoming folder gathered in one folder for one import, so
 * the import is given (and logs) one path rather than thousands. Each file
 * keeps its place in the order, and can go back where it came from.
 */
export class ImportBatch {
  readonly dir: string;
  /** Staged path → where the file was in the incoming folder. */
  readonly origins = new Map<string, string>();

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Moves the files (renames: same disk) into a new batch folder. */
  static async stage(incoming: string, files: string[]): Promise<ImportBatch> {
    const batch = new ImportBatch(
      join(incoming, IMPORTING, `${Date.now()}-${randomUUID()}`),
    );
    await mkdir(batch.dir, { recursive: true });
    // The index prefix keeps the order and tells apart hand-copied files
    // of the same name from different folders.
    for (const [index, file] of files.entries()) {
      const staged = join(batch.dir, `${index}-${basename(file)}`);
      await rename(file, staged);
      batch.origins.set(staged, file);
    }
    return batch;
  }

  /** Puts a staged file back where it was (to be tried again). */
  async restore(staged: string): Promise<void> {
    const origin = this.origins.get(staged);
    if (origin === undefined) return;
    await rename(staged, origin).catch(() => undefined);
    this.origins.delete(staged);
  }

  /** Puts back every file still staged, and removes the batch folder. */
  async close(): Promise<void> {
    for (const staged of [...this.origins.keys()]) await this.restore(staged);
    await rmdir(this.dir).catch(() => undefined);
  }
}

/**
 * Puts back into the incoming folder what a batch of a stopped run still
 * held, so the next run imports it. Returns how many files came back.
 */
export async function recoverBatches(incoming: string): Promise<number> {
  const root = join(incoming, IMPORTING);
  const batches = await readdir(root).catch(() => [] as string[]);
  let recovered = 0;
  for (const batch of batches) {
    const dir = join(root, batch);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      // Back under its own name (without the order prefix) unless taken.
      const own = join(incoming, name.slice(name.indexOf('-') + 1));
      const target = existsSync(own)
        ? join(incoming, `recovered-${batch}-${name}`)
        : own;
      await rename(join(dir, name), target);
      recovered += 1;
    }
    await rmdir(dir).catch(() => undefined);
  }
  return recovered;
}
