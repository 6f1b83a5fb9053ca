/**
 * DICOM node messages of the Core Server RPC: the remote nodes of
 * serverconfig.ini (`RemoteDicomNodes\N\...`), echo, query, retrieve and
 * send, and the progress of a retrieve.
 */

/** How Atrium retrieves from a node. */
export type RetrieveMethod = 'C-MOVE' | 'C-GET';

/** A remote DICOM node as a user sees it. */
export interface DicomNodeSummary {
  /** The N of `RemoteDicomNodes\N\...`; names the node in other calls. */
  node: number;
  aeTitle: string;
  description: string;
  /** Host and port, given only to callers holding ManagePacs. */
  address: string | null;
  port: number | null;
  /** Studies may be sent to it. */
  send: boolean;
  /** Studies sent to it are anonymised first. */
  anonymizedSend: boolean;
  /** Sends include the original images, not only objects Atrium made. */
  sendOriginalStudy: boolean;
  /** It is the default Query/Retrieve node (QueryRetrieve). */
  queryRetrieve: boolean;
  retrieveMethod: RetrieveMethod;
  /** Role a user needs to use it; '' when every user may. */
  restrictToRole: string;
}

/** ListDicomNodes: the nodes the caller may use. */
export interface ListDicomNodesResult {
  localAeTitle: string;
  /** The DICOM port (LocalPacsPort), or null when no DICOM service runs. */
  localPort: number | null;
  /** The node LoadStudy retrieves missing studies from, or null. */
  defaultQueryNode: number | null;
  nodes: DicomNodeSummary[];
}

/** EchoDicomNode: one node by its number. */
export interface DicomNodeParams {
  node: number;
}

/** EchoDicomNode's answer. */
export interface EchoDicomNodeResult {
  node: number;
  aeTitle: string;
  /** Round trip of the association and C-ECHO. */
  milliseconds: number;
}

/**
 * QueryDicomNode: a C-FIND on a remote node (Study Root). Text filters
 * accept DICOM wildcards; dates are YYYYMMDD; at SERIES level `studyUid`
 * is required.
 */
export interface QueryDicomNodeParams {
  node: number;
  level?: 'STUDY' | 'SERIES';
  patientName?: string;
  patientId?: string;
  accessionNumber?: string;
  studyUid?: string;
  studyDateFrom?: string;
  studyDateTo?: string;
  modality?: string;
  /** Most matches wanted; capped by MaximumQueryResults. */
  limit?: number;
}

/** A study found on a remote node. */
export interface RemoteStudy {
  studyUid: string;
  patientName: string;
  patientId: string;
  patientBirthDate: string;
  patientSex: string;
  accessionNumber: string;
  studyDate: string;
  studyTime: string;
  studyDescription: string;
  modalities: string[];
  seriesCount: number | null;
  instanceCount: number | null;
}

/** A series found on a remote node. */
export interface RemoteSeries {
  studyUid: string;
  seriesUid: string;
  modality: string;
  seriesNumber: number | null;
  seriesDescription: string;
  instanceCount: number | null;
}

/** QueryDicomNode's answer: studies at STUDY level, series at SERIES. */
export interface QueryDicomNodeResult {
  node: number;
  level: 'STUDY' | 'SERIES';
  studies: RemoteStudy[];
  series: RemoteSeries[];
  /** True when the node had more matches than were taken. */
  truncated: boolean;
}

/** RetrieveFromDicomNode and SendStudyToDicomNode: a study and a node. */
export interface DicomNodeStudyParams {
  node: number;
  studyUid: string;
}

/** RetrieveFromDicomNode's answer, once the study is in the database. */
export interface RetrieveFromDicomNodeResult {
  node: number;
  studyUid: string;
  method: RetrieveMethod;
  /** Objects the node said the study holds, when it said. */
  expected: number | null;
  /** Objects the node reported sent (completed and with warnings). */
  received: number;
  failed: number;
  /** Instances of the study now in the image database. */
  instances: number;
}

/** SendStudyToDicomNode's answer. */
export interface SendStudyToDicomNodeResult {
  node: number;
  studyUid: string;
  /** The Study Instance UID the node received (new when anonymised). */
  sentStudyUid: string;
  anonymized: boolean;
  total: number;
  sent: number;
  failed: number;
}

/**
 * Event RetrieveProgress: a study is being retrieved for this connection
 * (LoadStudy or RetrieveFromDicomNode). Sent after each object the node
 * reports, and once more with `done` when the study is in the database.
 */
export interface RetrieveProgressEvent {
  studyUid: string;
  /** The Accession Number asked for, when the study was asked by it. */
  accessionNumber: string | null;
  node: number;
  aeTitle: string;
  received: number;
  /** Objects expected, or null when the node has not said. */
  expected: number | null;
  done: boolean;
}
