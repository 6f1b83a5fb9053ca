import { TransferSyntax } from '@atrium/dicom';

/** The SOP classes of the services Atrium offers and uses. */
export const SopClass = {
  Verification: '1.2.840.10008.1.1',
  PatientRootFind: '1.2.840.10008.5.1.4.1.2.1.1',
  PatientRootMove: '1.2.840.10008.5.1.4.1.2.1.2',
  PatientRootGet: '1.2.840.10008.5.1.4.1.2.1.3',
  StudyRootFind: '1.2.840.10008.5.1.4.1.2.2.1',
  StudyRootMove: '1.2.840.10008.5.1.4.1.2.2.2',
  StudyRootGet: '1.2.840.10008.5.1.4.1.2.2.3',
} as const;

/** Query/retrieve information models (Patient Root or Study Root). */
export type QueryModel = 'patient' | 'study';

/** Which model a Q/R SOP class belongs to, or undefined for other classes. */
export function queryModelOf(sopClassUid: string): QueryModel | undefined {
  switch (sopClassUid) {
    case SopClass.PatientRootFind:
    case SopClass.PatientRootMove:
    case SopClass.PatientRootGet:
      return 'patient';
    case SopClass.StudyRootFind:
    case SopClass.StudyRootMove:
    case SopClass.StudyRootGet:
      return 'study';
    default:
      return undefined;
  }
}

// Every storage SOP class of the standard sits under this root (images,
// SR, waveforms, encapsulated documents, presentation states, RT, ...).
const STORAGE_ROOT = '1.2.840.10008.5.1.4.1.1.';

/** Whether a SOP class is a storage class (an object a C-STORE carries). */
export function isStorageSopClass(sopClassUid: string): boolean {
  return sopClassUid.startsWith(STORAGE_ROOT);
}

/**
 * Transfer syntaxes Atrium accepts for stored objects. Objects are kept
 * exactly as sent, so any syntax the image database can index is welcome.
 */
export const STORAGE_TRANSFER_SYNTAXES: ReadonlySet<string> = new Set(
  Object.values(TransferSyntax).filter(
    (uid) =>
      uid !== TransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian,
  ),
);

/** Syntaxes for commands and identifiers (echo, find, move, get). */
export const COMMAND_TRANSFER_SYNTAXES: ReadonlySet<string> = new Set([
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ImplicitVRLittleEndian,
]);

/**
 * Picks one transfer syntax from a proposal: the first the peer offers that
 * Atrium accepts (a sender lists the syntax its object is in first, so the
 * object arrives unchanged), or undefined when none is acceptable.
 */
export function chooseTransferSyntax(
  proposed: readonly string[],
  accepted: ReadonlySet<string>,
): string | undefined {
  return proposed.find((uid) => accepted.has(uid));
}
