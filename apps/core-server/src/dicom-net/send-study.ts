import type { RemoteDicomNode } from '@atrium/config';
import type { SendStudyToDicomNodeResult } from '@atrium/protocol';
import { coreError } from '../errors.js';
import { sessionOf, type CallContext } from '../rpc/call-context.js';
import type { DicomNetwork } from './dicom-network.js';
import { DicomNetError } from './scu-association.js';
import { selectStudyInstances } from './stored-instances.js';
import { sendInstances } from './store-sender.js';

/**
 * Sends a study to a node by C-STORE: every object, or with
 * SendOriginalStudy=false only the objects Atrium made; anonymised first
 * when the node has AnonymizedSend. Writes an ExportStudy AccessLog entry.
 *
 * Known limitation: SendWorkspaces, SendReports and ReportDicomType wait
 * for workspaces and reports to exist; nothing reads them yet.
 */
export async function sendStudy(
  call: CallContext,
  dicom: DicomNetwork,
  node: RemoteDicomNode,
  studyUid: string,
): Promise<SendStudyToDicomNodeResult> {
  const to = `${node.aeTitle} (RemoteDicomNodes\\${node.index})`;
  if (!node.send) {
    throw coreError(
      'CORE_DICOM_SEND_REFUSED',
      `The DICOM node ${to} is not set up to receive studies (Send=false)`,
    );
  }

  const { db, log } = call.services;
  const known = db
    .prepare('SELECT 1 FROM studies WHERE study_uid = ?')
    .get(studyUid);
  if (!known) {
    throw coreError(
      'CORE_STUDY_NOT_FOUND',
      `No study with the Study Instance UID ${studyUid} is in the image database`,
    );
  }
  const instances = selectStudyInstances(db, studyUid, !node.sendOriginalStudy);
  if (instances.length === 0) {
    throw coreError(
      'CORE_NOTHING_TO_SEND',
      `${to} takes only objects Atrium made (SendOriginalStudy=false), and this study has none`,
    );
  }

  const anonymizer = node.anonymizedSend
    ? await dicom.anonymizerFor(node)
    : undefined;
  let tally;
  try {
    tally = await sendInstances(dicom.targetOf(node), instances, log, {
      ...(anonymizer && { transform: anonymizer }),
    });
  } catch (err) {
    if (!(err instanceof DicomNetError)) throw err;
    throw coreError(
      'CORE_DICOM_NODE_FAILED',
      `The study could not be sent to ${to}: ${err.message}`,
    );
  }

  const sent = tally.completed + tally.warnings;
  const sentStudyUid = anonymizer ? anonymizer.mapUid(studyUid) : studyUid;
  log.access({
    op: 'ExportStudy',
    status: tally.failed === 0 ? 'Success' : 'Fail',
    client: call.connection.client,
    user: sessionOf(call).claims.userId,
    studyUid,
    node: node.aeTitle,
    anonymized: anonymizer !== undefined,
    ...(anonymizer && { sentStudyUid }),
    instances: instances.length,
    sent,
    failed: tally.failed,
  });
  if (sent === 0) {
    throw coreError(
      'CORE_DICOM_NODE_FAILED',
      `${to} accepted none of the ${instances.length} objects of the study${tally.stoppedBecause ? `: ${tally.stoppedBecause}` : ''}`,
    );
  }
  return {
    node: node.index,
    studyUid,
    sentStudyUid,
    anonymized: anonymizer !== undefined,
    total: instances.length,
    sent,
    failed: tally.failed,
  };
}
