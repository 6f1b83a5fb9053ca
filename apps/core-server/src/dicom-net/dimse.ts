/**
 * The one door to dcmjs-dimse. It is a CommonJS bundle with its own copy of
 * dcmjs (0.50): datasets made here never meet the dcmjs used elsewhere.
 */
import dimse from 'dcmjs-dimse';
import type { Logger } from '@atrium/log';

export const { Scp, Dataset, Implementation } = dimse;

/** Presentation context results Atrium sets. */
export const PresentationContextResult: Readonly<{
  Accept: number;
  RejectAbstractSyntaxNotSupported: number;
  RejectTransferSyntaxesNotSupported: number;
}> = dimse.constants.PresentationContextResult;

/** Association rejection results, sources and reasons Atrium sends. */
export const RejectResult: Readonly<{ Permanent: number; Transient: number }> =
  dimse.constants.RejectResult;
export const RejectSource: Readonly<{
  ServiceUser: number;
  ServiceProviderPresentation: number;
}> = dimse.constants.RejectSource;
export const RejectReason: Readonly<{
  CallingAeNotRecognized: number;
  CalledAeNotRecognized: number;
  LocalLimitExceeded: number;
}> = dimse.constants.RejectReason;
export const { PresentationContext, Association } = dimse.association;
export const {
  CEchoRequest,
  CFindRequest,
  CMoveRequest,
  CGetRequest,
  CStoreRequest,
} = dimse.requests;
export const {
  CEchoResponse,
  CFindResponse,
  CStoreResponse,
  CMoveResponse,
  CGetResponse,
} = dimse.responses;

export type DimseDataset = InstanceType<typeof Dataset>;
export type DimseAssociation = InstanceType<typeof Association>;
export type DimseContext = InstanceType<typeof PresentationContext>;
export type DimseRequest = InstanceType<typeof dimse.requests.Request>;
export type DimseResponse = InstanceType<typeof dimse.responses.Response>;
export type CFindRequestT = InstanceType<typeof CFindRequest>;
export type CMoveRequestT = InstanceType<typeof CMoveRequest>;
export type CGetRequestT = InstanceType<typeof CGetRequest>;
export type CStoreRequestT = InstanceType<typeof CStoreRequest>;
export type CEchoRequestT = InstanceType<typeof CEchoRequest>;
export type CEchoResponseT = InstanceType<typeof CEchoResponse>;
export type CFindResponseT = InstanceType<typeof CFindResponse>;
export type CMoveResponseT = InstanceType<typeof CMoveResponse>;
export type CGetResponseT = InstanceType<typeof CGetResponse>;
export type CStoreResponseT = InstanceType<typeof CStoreResponse>;

/** Storage SOP classes the library knows (offered to a C-GET peer). */
export const STORAGE_CLASS_UIDS: readonly string[] = Object.values(
  dimse.constants.StorageClass,
);

/** Implementation Class UID (2.25 form) and version Atrium announces. */
export const ATRIUM_IMPLEMENTATION_CLASS_UID =
  '2.25.160940931871286146372541813829958870812';
export const ATRIUM_IMPLEMENTATION_VERSION = 'ATRIUM_010';

/** Largest PDU Atrium accepts and offers. */
export const MAX_PDU_LENGTH = 256 * 1024;

let configured = false;

/**
 * Names Atrium in associations and sends the library's own log lines to
 * the Core Server log: at DEBUG when EnableLowLevelDebug is on (every PDU
 * and DIMSE message), otherwise only its warnings and errors, also at
 * DEBUG, since every failure that matters is reported by Atrium itself.
 */
export function configureDimse(log: Logger, lowLevelDebug: boolean): void {
  if (!configured) {
    Implementation.setImplementationClassUid(ATRIUM_IMPLEMENTATION_CLASS_UID);
    Implementation.setImplementationVersion(ATRIUM_IMPLEMENTATION_VERSION);
    Implementation.setMaxPduLength(MAX_PDU_LENGTH);
    configured = true;
  }

  const library = dimse.log;
  library.methodFactory = (method) => {
    return (...args: unknown[]) => {
      log.debug('DICOM library', {
        libraryLevel: method,
        detail: args.join(' '),
      });
    };
  };
  library.setLevel(lowLevelDebug ? 'info' : 'warn');
}
