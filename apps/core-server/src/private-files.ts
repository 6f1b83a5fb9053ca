import { chmodSync, mkdirSync } from 'node:fs';
import { chmod, mkdir, open } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * Modes of what the Core Server creates under the data directory: password
 * hashes, sessions, patient images and logs are for the server's own user
 * alone. They are set with chmod after creating, so a lax umask cannot
 * widen them and an odd one cannot leave the owner locked out.
 */
export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates a folder (and any missing parents) readable by its owner only.
 * Folders that already exist keep their mode: an administrator may have
 * chosen it, for a backup user's group for one.
 */
export function makePrivateFolderSync(path: string): void {
  const first = mkdirSync(path, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  for (const folder of listCreated(first, path)) {
    chmodSync(folder, PRIVATE_FOLDER_MODE);
  }
}

/** As makePrivateFolderSync, without blocking. */
export async function makePrivateFolder(path: string): Promise<void> {
  const first = await mkdir(path, {
    recursive: true,
    mode: PRIVATE_FOLDER_MODE,
  });
  for (const folder of listCreated(first, path)) {
    await chmod(folder, PRIVATE_FOLDER_MODE);
  }
}

/**
 * Writes a new file readable by its owner only (an existing one is
 * replaced and takes that mode too).
 */
export async function writePrivateFile(
  path: string,
  bytes: Uint8Array,
): Promise<void> {
  const handle = await open(path, 'w', PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
}

/** The folders mkdir created: `first` (its return value) down to `path`. */
function listCreated(first: string | undefined, path: string): string[] {
  if (first === undefined) return [];

  const folders = [first];
  const below = relative(first, path);
  if (below === '') return folders;
  for (const part of below.split(sep)) {
    folders.push(join(folders.at(-1)!, part));
  }
  return folders;
}
