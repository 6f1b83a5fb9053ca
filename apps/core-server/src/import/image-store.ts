import { createHash } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makePrivateFolder, writePrivateFile } from '../private-files.js';

const PLAIN_NAME = /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/;
const KEPT_PREFIX = 40;

/**
 * A file or folder name for a UID (or any text) that is safe on every file
 * system: a plain UID of up to 64 characters is used as it is; anything
 * longer or with other characters keeps a readable prefix and adds a hash
 * of the whole value, so two different UIDs never share a name.
 */
export function makeSafeName(value: string): string {
  if (PLAIN_NAME.test(value)) return value;

  const prefix = value
    .replace(/[^0-9A-Za-z._-]/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, KEPT_PREFIX);
  const hash = createHash('sha256').update(value).digest('hex').slice(0, 16);
  return prefix ? `${prefix}-${hash}` : hash;
}

/** Where an instance is stored: `<store>/<study>/<series>/<instance>.dcm`. */
export function makeStoredPath(
  storeRoot: string,
  studyUid: string,
  seriesUid: string,
  sopInstanceUid: string,
): string {
  return join(
    storeRoot,
    makeSafeName(studyUid),
    makeSafeName(seriesUid),
    `${makeSafeName(sopInstanceUid)}.dcm`,
  );
}

/**
 * Writes a file so that readers never see half of it: the bytes go to a
 * temporary name in the same folder, which is then renamed into place.
 * Folders it creates and the file are for the owner only (0700, 0600).
 */
export async function writeFileAtomically(
  path: string,
  bytes: Uint8Array,
): Promise<void> {
  await makePrivateFolder(dirname(path));
  const temporary = `${path}.${process.pid}.partial`;
  try {
    await writePrivateFile(temporary, bytes);
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}
