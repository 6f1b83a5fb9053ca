import { TransferSyntax } from '@atrium/dicom';
import {
  CStoreRequest,
  PresentationContextResult,
  type CStoreRequestT,
  type DimseAssociation,
} from './dimse.js';
import { StoredDataset, type DatasetTransform } from './stored-dataset.js';
import type { StoredInstance } from './stored-instances.js';

/** The syntaxes an object can be rewritten into when the peer wants them. */
const NATIVE_TARGETS: readonly string[] = [
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ImplicitVRLittleEndian,
];

/** Syntaxes whose objects dcmjs can rewrite in a native syntax. */
const NATIVE_SOURCES = new Set<string>([
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.ExplicitVRBigEndian,
  TransferSyntax.DeflatedExplicitVRLittleEndian,
]);

/** Presentation contexts a DICOM PDU can carry at most. */
const MAX_CONTEXTS = 128;

/**
 * Proposes the contexts to send these objects: for each SOP class one
 * context with the native syntaxes, and one per compressed syntax the
 * objects are stored in, so they can go out unchanged.
 */
export function proposeStorageContexts(
  association: DimseAssociation,
  instances: readonly StoredInstance[],
): void {
  const sopClasses = new Set(instances.map((i) => i.sopClassUid));
  const compressed = new Set(
    instances
      .filter((i) => !NATIVE_TARGETS.includes(i.transferSyntaxUid))
      .map((i) => `${i.sopClassUid}|${i.transferSyntaxUid}`),
  );

  let count = 0;
  for (const sopClass of sopClasses) {
    if (count++ >= MAX_CONTEXTS) return;
    const id = association.addPresentationContext(sopClass);
    for (const syntax of NATIVE_TARGETS) {
      association.addTransferSyntaxToPresentationContext(id, syntax);
    }
  }
  for (const pair of compressed) {
    if (count++ >= MAX_CONTEXTS) return;
    const [sopClass, syntax] = pair.split('|') as [string, string];
    const id = association.addPresentationContext(sopClass);
    association.addTransferSyntaxToPresentationContext(id, syntax);
  }
}

/**
 * A C-STORE request for a stored object on an association whose contexts
 * are settled, or the reason it cannot be sent there: in its own syntax
 * when the peer accepted that, else rewritten in a native syntax when it
 * is native itself (compressed pixel data is not recompressed).
 */
export function makeStoreRequest(
  association: DimseAssociation,
  instance: StoredInstance,
  transform?: DatasetTransform,
): CStoreRequestT | string {
  const accepted = association
    .getPresentationContexts()
    .map(({ context }) => context)
    .filter(
      (context) =>
        context.getAbstractSyntaxUid() === instance.sopClassUid &&
        context.getResult() === PresentationContextResult.Accept,
    )
    .map((context) => context.getAcceptedTransferSyntaxUid() ?? '');
  if (accepted.length === 0) {
    return `the peer accepted no context for SOP class ${instance.sopClassUid}`;
  }

  const syntax = accepted.includes(instance.transferSyntaxUid)
    ? instance.transferSyntaxUid
    : NATIVE_SOURCES.has(instance.transferSyntaxUid)
      ? NATIVE_TARGETS.find((target) => accepted.includes(target))
      : undefined;
  if (!syntax) {
    return `the peer does not accept transfer syntax ${instance.transferSyntaxUid} and it cannot be converted`;
  }
  return new CStoreRequest(new StoredDataset(instance, syntax, transform));
}
