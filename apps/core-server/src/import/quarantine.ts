import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { makeSafeName, writeFileAtomically } from './image-store.js';

/** Why a file was quarantined. */
export interface QuarantineReason {
  code: string;
  message: string;
}

/**
 * Copies a file that could not be imported into the quarantine folder,
 * with a JSON file beside it naming the source and the reason. Names start
 * with a hash of the content, so quarantining the same file again replaces
 * its copy instead of piling up duplicates. Returns the copy's path.
 */
export async function quarantineFile(
  quarantineDir: string,
  sourcePath: string,
  bytes: Uint8Array,
  reason: QuarantineReason,
): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const name = `${sha256.slice(0, 16)}-${makeSafeName(basename(sourcePath))}`;
  const copy = join(quarantineDir, name);
  const note = {
    source: sourcePath,
    code: reason.code,
    reason: reason.message,
    size: bytes.byteLength,
    sha256,
    quarantinedAt: new Date().toISOString(),
  };

  await writeFileAtomically(copy, bytes);
  await writeFileAtomically(
    `${copy}.json`,
    Buffer.from(`${JSON.stringify(note, null, 2)}\n`),
  );
  return copy;
}
