import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import { join } from 'node:path';
import { coreError } from '../errors.js';

const byNaturalName = new Intl.Collator('en', { numeric: true }).compare;

/** Something met on the way that is not imported, and why. */
export interface WalkProblem {
  path: string;
  /**
   * 'unreadable': a folder that could not be listed, or a path that could
   * not be examined. 'skipped': not a regular file or folder (a FIFO, a
   * socket, a device), a symbolic link to a missing target, or a loop.
   */
  kind: 'unreadable' | 'skipped';
  reason: string;
  /** True when the user named this path, false when a walk found it. */
  given: boolean;
}

/** The files to import, and what was left out on the way. */
export interface CollectedFiles {
  files: string[];
  problems: WalkProblem[];
}

/**
 * Lists the files under the given paths (files as they are, folders
 * recursively), in a stable natural order: 2.dcm before 10.dcm. Symbolic
 * links are followed, each folder is visited once, and folders whose real
 * path is in `skip` (the image store itself, the quarantine) are left out.
 * A folder that cannot be read, or an entry that is not a regular file or
 * folder, is reported in `problems` and the walk goes on.
 *
 * Throws CORE_IMPORT_PATH_MISSING naming the first given path that leads
 * nowhere: it does not exist, or is a symbolic link to a missing target or
 * a symbolic link loop.
 */
export async function collectFiles(
  paths: readonly string[],
  skip: readonly string[] = [],
): Promise<CollectedFiles> {
  const walk = new Walk(await Promise.all(skip.map(realpathOrSelf)));
  for (const path of paths) await walk.addGiven(path);
  return { files: walk.files, problems: walk.problems };
}

class Walk {
  readonly files: string[] = [];
  readonly problems: WalkProblem[] = [];
  readonly #skipped: Set<string>;
  readonly #visited = new Set<string>();
  /** Real paths of the folders being walked, outermost first. */
  readonly #ancestors: string[] = [];

  constructor(skip: string[]) {
    this.#skipped = new Set(skip);
  }

  async addGiven(path: string): Promise<void> {
    const info = await stat(path).catch((error: unknown) => error as Error);
    if (info instanceof Error) {
      await this.#refuseMissing(path, info);
      this.#report(path, 'unreadable', describeError(info), true);
      return;
    }
    await this.#add(path, info, true);
  }

  async #add(path: string, info: Stats, given: boolean): Promise<void> {
    if (info.isDirectory()) await this.#walk(path, given);
    else if (info.isFile()) this.files.push(path);
    else this.#report(path, 'skipped', describeKind(info), given);
  }

  /** Throws for a given path that leads nowhere; returns otherwise. */
  async #refuseMissing(path: string, error: Error): Promise<void> {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') {
      throw coreError(
        'CORE_IMPORT_PATH_MISSING',
        `The path to import is a symbolic link loop: ${path}`,
      );
    }
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return;

    const link = await lstat(path).catch(() => undefined);
    const what = link?.isSymbolicLink()
      ? 'is a symbolic link to a missing target'
      : 'does not exist';
    throw coreError(
      'CORE_IMPORT_PATH_MISSING',
      `The path to import ${what}: ${path}`,
    );
  }

  async #walk(folder: string, given: boolean): Promise<void> {
    const real = await realpathOrSelf(folder);
    if (this.#visited.has(real) || this.#skipped.has(real)) return;
    this.#visited.add(real);

    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      this.#report(folder, 'unreadable', describeError(error), given);
      return;
    }

    this.#ancestors.push(real);
    entries.sort((a, b) => byNaturalName(a.name, b.name));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isSymbolicLink()) await this.#follow(path);
      else if (entry.isDirectory()) await this.#walk(path, false);
      else if (entry.isFile()) this.files.push(path);
      else this.#report(path, 'skipped', describeKind(entry), false);
    }
    this.#ancestors.pop();
  }

  async #follow(link: string): Promise<void> {
    let target: Stats;
    try {
      target = await stat(link);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') {
        this.#report(link, 'skipped', 'a symbolic link loop', false);
      } else if (code === 'ENOENT' || code === 'ENOTDIR') {
        this.#report(
          link,
          'skipped',
          'a symbolic link to a missing target',
          false,
        );
      } else {
        this.#report(link, 'unreadable', describeError(error), false);
      }
      return;
    }

    if (target.isDirectory()) {
      const real = await realpathOrSelf(link);
      // A link back to a folder that contains it would walk forever; a
      // link to a folder imported elsewhere is simply not walked twice.
      if (this.#ancestors.includes(real)) {
        this.#report(
          link,
          'skipped',
          'a symbolic link loop (it leads back to a folder that contains it)',
          false,
        );
        return;
      }
    }
    await this.#add(link, target, false);
  }

  #report(
    path: string,
    kind: WalkProblem['kind'],
    reason: string,
    given: boolean,
  ): void {
    this.problems.push({ path, kind, reason, given });
  }
}

/** Words what a file-system entry is when it is no file or folder. */
function describeKind(entry: Stats | Dirent): string {
  if (entry.isFIFO()) return 'a FIFO (named pipe), not a file or folder';
  if (entry.isSocket()) return 'a socket, not a file or folder';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) {
    return 'a device, not a file or folder';
  }
  return 'not a regular file or folder';
}

/** An fs error as `EACCES: permission denied`, without the path. */
function describeError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (!code) return String(message ?? error);
  const words = message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
  return `${code}: ${words}`;
}

async function realpathOrSelf(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}
