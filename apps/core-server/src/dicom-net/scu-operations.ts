import { TransferSyntax } from '@atrium/dicom';
import type { Logger } from '@atrium/log';
import type { StoreReceiver } from './dimse-peer.js';
import { DicomStatus, formatStatus, isPending } from './dicom-status.js';
import {
  CEchoRequest,
  CFindRequest,
  CGetRequest,
  CMoveRequest,
  Dataset,
  STORAGE_CLASS_UIDS,
  type CGetResponseT,
  type CMoveResponseT,
  type DimseAssociation,
  type DimseRequest,
  type DimseResponse,
} from './dimse.js';
import type { NaturalDataset, QueryLevel } from './identifier.js';
import {
  DicomNetError,
  ScuAssociation,
  type ScuTarget,
} from './scu-association.js';
import { COMMAND_TRANSFER_SYNTAXES, SopClass } from './sop-classes.js';

/** Sub-operation counts of a C-MOVE or C-GET, as the peer reports them. */
export interface RetrieveCounts {
  remaining: number;
  completed: number;
  failed: number;
  warnings: number;
}

/** The final answer of a C-MOVE or C-GET. */
export interface RetrieveOutcome extends RetrieveCounts {
  status: number;
}

/** Storage classes offered to a C-GET peer beyond the library's list. */
const EXTRA_STORAGE_CLASSES = [
  '1.2.840.10008.5.1.4.1.1.9.1.1', // 12-lead ECG waveform
  '1.2.840.10008.5.1.4.1.1.9.1.2', // general ECG waveform
  '1.2.840.10008.5.1.4.1.1.9.1.3', // ambulatory ECG waveform
  '1.2.840.10008.5.1.4.1.1.9.2.1', // haemodynamic waveform
  '1.2.840.10008.5.1.4.1.1.9.3.1', // cardiac electrophysiology waveform
  '1.2.840.10008.5.1.4.1.1.11.1', // grayscale softcopy presentation state
];

/** Syntaxes offered for objects a C-GET peer sends us; native first. */
const GET_TRANSFER_SYNTAXES = [
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.JPEGLSLossless,
  TransferSyntax.JPEG2000Lossless,
  TransferSyntax.JPEGLosslessSV1,
  TransferSyntax.RLELossless,
  TransferSyntax.JPEGBaseline8Bit,
  TransferSyntax.JPEGExtended12Bit,
  TransferSyntax.JPEG2000,
  TransferSyntax.JPEGLSNearLossless,
];

/** C-ECHO: resolves with the round trip in milliseconds. */
export async function echoNode(
  target: ScuTarget,
  log: Logger,
): Promise<number> {
  const started = performance.now();
  const request = new CEchoRequest();
  const [response] = await runOne(target, log, SopClass.Verification, request);
  checkFinal(target, 'C-ECHO', response);
  return Math.round(performance.now() - started);
}

/** The matches of a C-FIND on a remote node. */
export interface RemoteFindResult {
  matches: NaturalDataset[];
  truncated: boolean;
}

/**
 * C-FIND in the Study Root model at STUDY, SERIES or IMAGE level. Stops
 * (C-CANCEL) once `limit` matches have come.
 */
export async function findOnNode(
  target: ScuTarget,
  log: Logger,
  level: Exclude<QueryLevel, 'PATIENT'>,
  identifier: NaturalDataset,
  limit: number,
): Promise<RemoteFindResult> {
  const request = new CFindRequest();
  request.setAffectedSopClassUid(SopClass.StudyRootFind);
  request.setDataset(
    new Dataset(
      { ...identifier, QueryRetrieveLevel: level },
      TransferSyntax.ExplicitVRLittleEndian,
    ),
  );

  const matches: NaturalDataset[] = [];
  let truncated = false;
  const peer = await openFor(target, log, [SopClass.StudyRootFind]);
  try {
    request.on('response', (response: DimseResponse) => {
      if (!isPending(response.getStatus()) || truncated) return;
      const dataset = response.getDataset();
      if (dataset) matches.push(dataset.getElements());
      if (matches.length >= limit) {
        truncated = true;
        peer.cancel(request);
      }
    });
    const responses = collect(request);
    await peer.perform([request]);
    const final = responses.at(-1);
    if (!truncated) checkFinal(target, 'C-FIND', final);
  } finally {
    await peer.release();
  }
  return { matches: matches.slice(0, limit), truncated };
}

/**
 * C-MOVE of a whole study to `destinationAeTitle` (Study Root). Reports
 * the counts of each pending answer and resolves with the final one.
 */
export async function moveStudyOnNode(
  target: ScuTarget,
  log: Logger,
  studyUid: string,
  destinationAeTitle: string,
  onProgress: (counts: RetrieveCounts) => void,
): Promise<RetrieveOutcome> {
  const request = CMoveRequest.createStudyMoveRequest(
    destinationAeTitle,
    studyUid,
  );
  const peer = await openFor(target, log, [SopClass.StudyRootMove]);
  try {
    return await runRetrieve(peer, request, onProgress);
  } finally {
    await peer.release();
  }
}

/**
 * C-GET of a whole study (Study Root): the peer sends the objects back on
 * the same association, straight into the incoming folder.
 */
export async function getStudyOnNode(
  target: ScuTarget,
  log: Logger,
  studyUid: string,
  receiver: StoreReceiver,
  onProgress: (counts: RetrieveCounts) => void,
): Promise<RetrieveOutcome> {
  const request = CGetRequest.createStudyGetRequest(studyUid);
  const peer = await ScuAssociation.open(
    target,
    (association) => {
      proposeCommand(association, SopClass.StudyRootGet);
      proposeStorageAsProvider(association);
    },
    log,
  );
  peer.acceptStores(receiver);
  try {
    requireContext(peer, SopClass.StudyRootGet);
    return await runRetrieve(peer, request, onProgress);
  } finally {
    await peer.release();
  }
}

async function runRetrieve(
  peer: ScuAssociation,
  request: DimseRequest,
  onProgress: (counts: RetrieveCounts) => void,
): Promise<RetrieveOutcome> {
  request.on('response', (response: CMoveResponseT | CGetResponseT) => {
    if (isPending(response.getStatus())) onProgress(countsOf(response));
  });
  const responses = collect(request);
  await peer.perform([request]);

  const final = responses.at(-1) as CMoveResponseT | CGetResponseT | undefined;
  if (!final) {
    throw new DicomNetError(
      `${peer.target.calledAeTitle} ended the retrieve without a final answer`,
    );
  }
  return { ...countsOf(final), status: final.getStatus() };
}

function countsOf(response: CMoveResponseT | CGetResponseT): RetrieveCounts {
  return {
    remaining: response.getRemaining() ?? 0,
    completed: response.getCompleted() ?? 0,
    failed: response.getFailures() ?? 0,
    warnings: response.getWarnings() ?? 0,
  };
}

async function runOne(
  target: ScuTarget,
  log: Logger,
  sopClass: string,
  request: DimseRequest,
): Promise<DimseResponse[]> {
  const peer = await openFor(target, log, [sopClass]);
  try {
    const responses = collect(request);
    await peer.perform([request]);
    return responses;
  } finally {
    await peer.release();
  }
}

async function openFor(
  target: ScuTarget,
  log: Logger,
  sopClasses: string[],
): Promise<ScuAssociation> {
  const peer = await ScuAssociation.open(
    target,
    (association) => {
      for (const sopClass of sopClasses) proposeCommand(association, sopClass);
    },
    log,
  );
  for (const sopClass of sopClasses) requireContext(peer, sopClass);
  return peer;
}

function proposeCommand(association: DimseAssociation, sopClass: string): void {
  const id = association.addPresentationContext(sopClass);
  for (const syntax of COMMAND_TRANSFER_SYNTAXES) {
    association.addTransferSyntaxToPresentationContext(id, syntax);
  }
}

function proposeStorageAsProvider(association: DimseAssociation): void {
  const classes = new Set([...STORAGE_CLASS_UIDS, ...EXTRA_STORAGE_CLASSES]);
  for (const sopClass of classes) {
    const id = association.addPresentationContext(sopClass);
    const context = association.getPresentationContext(id);
    context.setUserRole(false);
    context.setProviderRole(true);
    for (const syntax of GET_TRANSFER_SYNTAXES) {
      association.addTransferSyntaxToPresentationContext(id, syntax);
    }
  }
}

function requireContext(peer: ScuAssociation, sopClass: string): void {
  if (peer.accepts(sopClass)) return;
  void peer.release();
  throw new DicomNetError(
    `${peer.target.calledAeTitle} does not offer the service ${sopClass}`,
  );
}

function collect(request: DimseRequest): DimseResponse[] {
  const responses: DimseResponse[] = [];
  request.on('response', (response: DimseResponse) => responses.push(response));
  return responses;
}

function checkFinal(
  target: ScuTarget,
  operation: string,
  response: DimseResponse | undefined,
): void {
  const status = response?.getStatus();
  if (status === DicomStatus.Success) return;
  throw new DicomNetError(
    status === undefined
      ? `${target.calledAeTitle} gave no answer to the ${operation}`
      : `${target.calledAeTitle} answered the ${operation} with status ${formatStatus(status)}`,
  );
}
