/** DIMSE status codes Atrium sends and reads (PS3.4 and PS3.7). */
export const DicomStatus = {
  Success: 0x0000,
  Pending: 0xff00,
  PendingWithWarnings: 0xff01,
  Cancel: 0xfe00,
  /** Sub-operations completed with one or more failures or warnings. */
  SubOperationsWarning: 0xb000,
  /** Refused: out of resources. */
  OutOfResources: 0xa700,
  /** Refused: out of resources, unable to perform sub-operations. */
  OutOfResourcesSubOperations: 0xa702,
  /** Refused: move destination unknown. */
  MoveDestinationUnknown: 0xa801,
  /** Identifier does not match SOP class. */
  IdentifierMismatch: 0xa900,
  /** Unable to process. */
  UnableToProcess: 0xc000,
  /** Refused: SOP class not supported. */
  SopClassNotSupported: 0x0122,
} as const;

/** Whether a status is one of the pending ones (more responses follow). */
export function isPending(status: number): boolean {
  return (
    status === DicomStatus.Pending || status === DicomStatus.PendingWithWarnings
  );
}

/** Whether a final status means the operation did what was asked. */
export function isSuccessOrWarning(status: number): boolean {
  return status === DicomStatus.Success || (status & 0xf000) === 0xb000;
}

/** The status as the four hex digits used in logs and messages. */
export function formatStatus(status: number): string {
  return `0x${status.toString(16).toUpperCase().padStart(4, '0')}`;
}
