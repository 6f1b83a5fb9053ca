import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { TransferSyntax } from '@atrium/dicom';
import { Dataset, type DimseDataset } from './dimse.js';
import { splitPart10 } from './part10.js';
import type { StoredInstance } from './stored-instances.js';

/** Rewrites a parsed data set before it is sent (the anonymiser). */
export interface DatasetTransform {
  /** The SOP Instance UID the object will carry once transformed. */
  mapSopInstanceUid(uid: string): string;
  /** Changes the naturalised elements in place. */
  apply(elements: Record<string, unknown>): void;
}

/**
 * A stored object as a data set to send, read from disk only when the
 * library sends it (so a long list of C-STOREs holds no pixel data). In
 * its own transfer syntax and untransformed, its bytes go out exactly as
 * stored; otherwise it is parsed and written again in `transferSyntaxUid`,
 * which is only possible between the native (uncompressed) syntaxes or
 * within the same compressed one.
 */
export class StoredDataset extends Dataset {
  readonly #instance: StoredInstance;
  readonly #transform: DatasetTransform | undefined;

  constructor(
    instance: StoredInstance,
    transferSyntaxUid: string,
    transform?: DatasetTransform,
  ) {
    super(
      {
        SOPClassUID: instance.sopClassUid,
        SOPInstanceUID: transform
          ? transform.mapSopInstanceUid(instance.sopInstanceUid)
          : instance.sopInstanceUid,
      },
      transferSyntaxUid,
    );
    this.#instance = instance;
    this.#transform = transform;
  }

  override getDenaturalizedDataset(
    writeOptions?: Record<string, unknown>,
    nameMap?: Record<string, unknown>,
  ): Buffer {
    const bytes = readFileSync(this.#instance.filePath);
    const sameSyntax =
      this.getTransferSyntaxUid() === this.#instance.transferSyntaxUid;
    if (sameSyntax && !this.#transform) {
      return bytes.subarray(splitPart10(bytes).datasetOffset);
    }

    const parsed = parseStored(bytes, this.#instance.transferSyntaxUid);
    const elements = parsed.getElements();
    this.#transform?.apply(elements);
    return new Dataset(
      elements,
      this.getTransferSyntaxUid(),
    ).getDenaturalizedDataset(writeOptions, nameMap);
  }
}

/** Parses a stored file (Part 10, or a bare data set) with dcmjs. */
function parseStored(bytes: Buffer, transferSyntaxUid: string): DimseDataset {
  const body = bytes.subarray(splitPart10(bytes).datasetOffset);
  if (transferSyntaxUid === TransferSyntax.DeflatedExplicitVRLittleEndian) {
    return new Dataset(
      inflateRawSync(body),
      TransferSyntax.ExplicitVRLittleEndian,
    );
  }
  return new Dataset(body, transferSyntaxUid);
}
