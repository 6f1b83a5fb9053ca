import type { RemoteDicomNode } from '@atrium/config';
import { coreError } from '../errors.js';
import { sessionOf, type CallContext } from '../rpc/call-context.js';
import { formatStatus, isSuccessOrWarning } from './dicom-status.js';
import type { DicomNetwork } from './dicom-network.js';
import { readText } from './identifier.js';
import { defaultQueryNode, mayUseNode } from './node-access.js';
import { readCount } from './remote-query.js';
import { DicomNetError } from './scu-association.js';
import { findOnNode } from './scu-operations.js';
import type { StudyRetrieval } from './study-retriever.js';

/** How LoadStudy names a study: by exactly one of the two. */
export interface StudyKey {
  studyUid?: string | undefined;
  accessionNumber?: string | undefined;
}

/** The study being retrieved, as far as it is known. */
export interface RetrieveTarget {
  studyUid: string;
  accessionNumber: string | null;
  expected: number | null;
}

/**
 * Retrieve on demand, for LoadStudy: asks the default Query/Retrieve node
 * for a study the image database does not hold (C-FIND by Study Instance
 * UID or Accession Number), retrieves it with RetrieveProgress events to
 * the caller, and resolves with its Study Instance UID once it is indexed.
 * A study nobody has answers CORE_STUDY_NOT_FOUND; one that cannot be
 * fetched answers CORE_RETRIEVE_FAILED; both say why.
 */
export async function loadMissingStudy(
  call: CallContext,
  key: StudyKey,
): Promise<string> {
  const named = key.studyUid
    ? `Study Instance UID ${key.studyUid}`
    : `Accession Number ${key.accessionNumber}`;
  const dicom = call.services.dicom;
  const node = dicom && defaultQueryNode(dicom);
  if (!dicom || !node) {
    throw notFound(
      `No study with the ${named} is in the image database, and no Query/Retrieve node is configured to fetch it from`,
    );
  }
  if (!mayUseNode(sessionOf(call).claims, node)) {
    throw notFound(
      `No study with the ${named} is in the image database, and your roles do not allow fetching it from ${node.aeTitle}`,
    );
  }

  const found = await askForStudy(call, dicom, node, key, named);
  // Asked by accession, the study may be here under another accession.
  if (hasStudy(call, found.studyUid)) return found.studyUid;
  call.note({ retrievedFrom: node.aeTitle, study: found.studyUid });
  await retrieveWithProgress(call, dicom, node, found);
  return found.studyUid;
}

/**
 * Retrieves a study from a node, pushing RetrieveProgress events to the
 * caller's connection, and checks that it arrived.
 */
export async function retrieveWithProgress(
  call: CallContext,
  dicom: DicomNetwork,
  node: RemoteDicomNode,
  target: RetrieveTarget,
): Promise<StudyRetrieval> {
  const from = `${node.aeTitle} (RemoteDicomNodes\\${node.index})`;
  if (!node.cGet && !dicom.storeScpEnabled) {
    throw coreError(
      'CORE_RETRIEVE_FAILED',
      `The study cannot be retrieved from ${from} by C-MOVE while EnableStoreScp is off; set CGet=true for the node or turn the Storage SCP on`,
    );
  }

  const send = (received: number, expected: number | null, done: boolean) =>
    call.connection.sendEvent('RetrieveProgress', {
      studyUid: target.studyUid,
      accessionNumber: target.accessionNumber,
      node: node.index,
      aeTitle: node.aeTitle,
      received,
      expected,
      done,
    });

  let retrieval: StudyRetrieval;
  try {
    retrieval = await dicom.retriever.retrieve(
      node,
      target.studyUid,
      target.expected,
      (progress) => send(progress.received, progress.expected, false),
    );
  } catch (err) {
    if (!(err instanceof DicomNetError)) throw err;
    throw coreError(
      'CORE_RETRIEVE_FAILED',
      `The study ${target.studyUid} could not be retrieved from ${from}: ${err.message}`,
    );
  }

  const { outcome } = retrieval;
  if (retrieval.instances === 0) {
    // A C-MOVE that sends nothing is most often a node that does not list
    // Atrium as a destination.
    const hint =
      retrieval.method === 'C-MOVE'
        ? ` (does it list ${dicom.localAeTitle} as a destination?)`
        : '';
    const why = isSuccessOrWarning(outcome.status)
      ? 'it reported the retrieve done, but no object arrived'
      : `it answered the ${retrieval.method} with status ` +
        `${formatStatus(outcome.status)}${hint}`;
    throw coreError(
      'CORE_RETRIEVE_FAILED',
      `The study ${target.studyUid} could not be retrieved from ${from}: ${why}`,
    );
  }
  if (outcome.failed > 0) {
    call.services.log.warn('A retrieve brought part of a study', {
      studyUid: target.studyUid,
      node: node.aeTitle,
      failed: outcome.failed,
      instances: retrieval.instances,
    });
  }
  send(retrieval.received, retrieval.expected, true);
  return retrieval;
}

async function askForStudy(
  call: CallContext,
  dicom: DicomNetwork,
  node: RemoteDicomNode,
  key: StudyKey,
  named: string,
): Promise<RetrieveTarget> {
  let found;
  try {
    found = await findOnNode(
      dicom.targetOf(node),
      call.services.log,
      'STUDY',
      {
        StudyInstanceUID: key.studyUid ?? '',
        AccessionNumber: key.accessionNumber ?? '',
        NumberOfStudyRelatedInstances: '',
      },
      // An accession number should name one study; if a node has several,
      // the first it answers is retrieved.
      1,
    );
  } catch (err) {
    if (!(err instanceof DicomNetError)) throw err;
    throw coreError(
      'CORE_RETRIEVE_FAILED',
      `No study with the ${named} is in the image database, and ${node.aeTitle} could not be asked for it: ${err.message}`,
    );
  }

  const match = found.matches[0];
  const studyUid = match ? readText(match.StudyInstanceUID) : '';
  if (!match || studyUid === '') {
    throw notFound(
      `No study with the ${named} is in the image database or on ${node.aeTitle}`,
    );
  }
  return {
    studyUid,
    accessionNumber: key.accessionNumber ?? null,
    expected: readCount(match.NumberOfStudyRelatedInstances),
  };
}

function hasStudy(call: CallContext, studyUid: string): boolean {
  return (
    call.services.db
      .prepare('SELECT 1 FROM studies WHERE study_uid = ?')
      .get(studyUid) !== undefined
  );
}

function notFound(message: string) {
  return coreError('CORE_STUDY_NOT_FOUND', message);
}
