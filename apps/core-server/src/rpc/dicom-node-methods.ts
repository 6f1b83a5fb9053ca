import type { RemoteDicomNode } from '@atrium/config';
import type {
  DicomNodeSummary,
  EchoDicomNodeResult,
  ListDicomNodesResult,
  QueryDicomNodeResult,
  RetrieveFromDicomNodeResult,
  SendStudyToDicomNodeResult,
} from '@atrium/protocol';
import { coreError } from '../errors.js';
import type { DicomNetwork } from '../dicom-net/dicom-network.js';
import {
  defaultQueryNode,
  findNode,
  mayUseNode,
  requireDicom,
  requireNodeAccess,
} from '../dicom-net/node-access.js';
import {
  buildRemoteIdentifier,
  toRemoteSeries,
  toRemoteStudy,
} from '../dicom-net/remote-query.js';
import { retrieveWithProgress } from '../dicom-net/retrieve-on-demand.js';
import { DicomNetError } from '../dicom-net/scu-association.js';
import { echoNode, findOnNode } from '../dicom-net/scu-operations.js';
import { sendStudy } from '../dicom-net/send-study.js';
import {
  sessionOf,
  type CallContext,
  type MethodHandler,
} from './call-context.js';
import type { ParamReader } from './params.js';

/** ListDicomNodes: the nodes the caller may use. */
export const listDicomNodesMethod: MethodHandler = async (call, params) => {
  params.finish();
  const dicom = requireDicom(call.services.dicom);
  const { claims } = sessionOf(call);
  const showAddresses = claims.permissions.includes('ManagePacs');
  const result: ListDicomNodesResult = {
    localAeTitle: dicom.localAeTitle,
    localPort: dicom.port ?? null,
    defaultQueryNode: defaultQueryNode(dicom)?.index ?? null,
    nodes: dicom.nodes
      .filter((node) => mayUseNode(claims, node))
      .map((node) => summarise(node, showAddresses)),
  };
  return result;
};

/** EchoDicomNode: C-ECHO to one node. */
export const echoDicomNodeMethod: MethodHandler = async (call, params) => {
  const { dicom, node } = readNode(call, params);
  params.finish();
  const milliseconds = await askNode(node, () =>
    echoNode(dicom.targetOf(node), call.services.log),
  );
  const result: EchoDicomNodeResult = {
    node: node.index,
    aeTitle: node.aeTitle,
    milliseconds,
  };
  return result;
};

/** QueryDicomNode: C-FIND on one node at STUDY or SERIES level. */
export const queryDicomNodeMethod: MethodHandler = async (call, params) => {
  const { dicom, node } = readNode(call, params);
  const level = params.optionalChoice('level', ['STUDY', 'SERIES'] as const);
  const query = {
    level: level ?? 'STUDY',
    patientName: params.optionalString('patientName', 256),
    patientId: params.optionalString('patientId', 64),
    accessionNumber: params.optionalString('accessionNumber', 64),
    studyUid: params.optionalString('studyUid', 64),
    studyDateFrom: params.optionalString('studyDateFrom', 10),
    studyDateTo: params.optionalString('studyDateTo', 10),
    modality: params.optionalString('modality', 16),
  };
  const limit = Math.min(
    params.optionalInteger('limit', 1, Number.MAX_SAFE_INTEGER) ??
      call.services.maximumQueryResults,
    call.services.maximumQueryResults,
  );
  params.finish();

  const identifier = buildRemoteIdentifier(query);
  const found = await askNode(node, () =>
    findOnNode(
      dicom.targetOf(node),
      call.services.log,
      query.level,
      identifier,
      limit,
    ),
  );
  const result: QueryDicomNodeResult = {
    node: node.index,
    level: query.level,
    studies: query.level === 'STUDY' ? found.matches.map(toRemoteStudy) : [],
    series: query.level === 'SERIES' ? found.matches.map(toRemoteSeries) : [],
    truncated: found.truncated,
  };
  call.note({ node: node.aeTitle, matches: found.matches.length });
  return result;
};

/** RetrieveFromDicomNode: a whole study into the image database. */
export const retrieveFromDicomNodeMethod: MethodHandler = async (
  call,
  params,
) => {
  const { dicom, node } = readNode(call, params);
  const studyUid = params.string('studyUid', 64);
  params.finish();
  call.note({ node: node.aeTitle, study: studyUid });

  const retrieval = await retrieveWithProgress(call, dicom, node, {
    studyUid,
    accessionNumber: null,
    expected: null,
  });
  const result: RetrieveFromDicomNodeResult = {
    node: node.index,
    studyUid,
    method: retrieval.method,
    expected: retrieval.expected,
    received: retrieval.received,
    failed: retrieval.outcome.failed,
    instances: retrieval.instances,
  };
  return result;
};

/** SendStudyToDicomNode: C-STORE a study (anonymised if the node says). */
export const sendStudyToDicomNodeMethod: MethodHandler = async (
  call,
  params,
) => {
  const { dicom, node } = readNode(call, params);
  const studyUid = params.string('studyUid', 64);
  params.finish();
  call.note({ node: node.aeTitle, study: studyUid });
  const result: SendStudyToDicomNodeResult = await sendStudy(
    call,
    dicom,
    node,
    studyUid,
  );
  return result;
};

function readNode(
  call: CallContext,
  params: ParamReader,
): { dicom: DicomNetwork; node: RemoteDicomNode } {
  const index = params.integer('node', 1, 0xffff);
  const dicom = requireDicom(call.services.dicom);
  const node = findNode(dicom, index);
  requireNodeAccess(sessionOf(call).claims, node);
  return { dicom, node };
}

/** Runs an exchange with a node; a failure becomes CORE_DICOM_NODE_FAILED. */
async function askNode<T>(
  node: RemoteDicomNode,
  exchange: () => Promise<T>,
): Promise<T> {
  try {
    return await exchange();
  } catch (err) {
    if (!(err instanceof DicomNetError)) throw err;
    throw coreError(
      'CORE_DICOM_NODE_FAILED',
      `The DICOM node ${node.aeTitle} (RemoteDicomNodes\\${node.index}) did not answer as expected: ${err.message}`,
    );
  }
}

function summarise(
  node: RemoteDicomNode,
  showAddress: boolean,
): DicomNodeSummary {
  return {
    node: node.index,
    aeTitle: node.aeTitle,
    description: node.description,
    address: showAddress ? node.address : null,
    port: showAddress ? node.port : null,
    send: node.send,
    anonymizedSend: node.anonymizedSend,
    sendOriginalStudy: node.sendOriginalStudy,
    queryRetrieve: node.queryRetrieve,
    retrieveMethod: node.cGet ? 'C-GET' : 'C-MOVE',
    restrictToRole: node.restrictToRole,
  };
}
