import {
  PresentationContextResult,
  type DimseAssociation,
  type DimseContext,
} from './dimse.js';
import {
  chooseTransferSyntax,
  COMMAND_TRANSFER_SYNTAXES,
  isStorageSopClass,
  SopClass,
  STORAGE_TRANSFER_SYNTAXES,
} from './sop-classes.js';

/** The services the DICOM port offers (from [DicomNetwork]). */
export interface OfferedServices {
  /** EnableStoreScp: accept C-STORE. */
  store: boolean;
  /** EnableQueryScp: answer C-FIND and C-MOVE. */
  query: boolean;
  /** EnableCGet: answer C-GET. */
  get: boolean;
}

/**
 * Accepts or rejects every presentation context an association proposes,
 * choosing exactly one transfer syntax for each accepted one (setting the
 * result once: each call replaces the syntax, so a loop would keep the
 * last). Returns how many were accepted.
 */
export function negotiateContexts(
  association: DimseAssociation,
  services: OfferedServices,
): number {
  let accepted = 0;
  for (const { id } of association.getPresentationContexts()) {
    const context = association.getPresentationContext(id);
    const syntaxes = syntaxesFor(context, services);
    if (!syntaxes) {
      context.setResult(
        PresentationContextResult.RejectAbstractSyntaxNotSupported,
      );
      continue;
    }

    const chosen = chooseTransferSyntax(
      context.getTransferSyntaxUids(),
      syntaxes,
    );
    if (!chosen) {
      context.setResult(
        PresentationContextResult.RejectTransferSyntaxesNotSupported,
      );
      continue;
    }
    context.setResult(PresentationContextResult.Accept, chosen);
    accepted += 1;
  }
  return accepted;
}

/** The syntaxes acceptable for a context, or undefined to reject it. */
function syntaxesFor(
  context: DimseContext,
  services: OfferedServices,
): ReadonlySet<string> | undefined {
  const sopClass = context.getAbstractSyntaxUid();
  if (isStorageSopClass(sopClass)) {
    // A C-GET caller proposes storage contexts in which it is the SCP: we
    // send its objects there, even when we do not take C-STORE ourselves.
    const forGet = services.get && context.getProviderRole() === true;
    return services.store || forGet ? STORAGE_TRANSFER_SYNTAXES : undefined;
  }

  switch (sopClass) {
    case SopClass.Verification:
      return COMMAND_TRANSFER_SYNTAXES;
    case SopClass.PatientRootFind:
    case SopClass.StudyRootFind:
    case SopClass.PatientRootMove:
    case SopClass.StudyRootMove:
      return services.query ? COMMAND_TRANSFER_SYNTAXES : undefined;
    case SopClass.PatientRootGet:
    case SopClass.StudyRootGet:
      return services.get ? COMMAND_TRANSFER_SYNTAXES : undefined;
    default:
      return undefined;
  }
}
