/**
 * The worker RPC link: a render worker dials the service's worker RPC port
 * (`rpcport`, 4289) over WebSocket at WORKER_RPC_PATH. JSON text messages
 * use the envelope of `envelope.ts`; binary messages are web frames
 * (web-frame.ts) whose request id is the service's id from `Frames`.
 *
 * Order of a link's life:
 * 1. worker → service `Hello` with its one-time ticket (first message; an
 *    unknown or used ticket closes the link with WORKER_CLOSE_CODES.badTicket);
 * 2. the answer pairs the worker with its browser session: the user's Core
 *    Server token and address, and the state to resume after a crash;
 * 3. service → worker requests `OpenStudy`, `ListStudies`,
 *    `ListMeasurements` and `SaveMeasurements`, events `Frames`,
 *    `CancelFrames`, `ViewerState`, `BrowserPresence`;
 * 4. worker → service binary frames and events `FrameError`,
 *    `StudyProgress`, `CoreSessionEnded`, `TokenRenewed`.
 */
import type { WireError } from './errors.js';
import type {
  ListMeasurementsParams,
  ListMeasurementsResult,
  SaveMeasurementsParams,
  SaveMeasurementsResult,
} from './core-measurements.js';
import type { ListStudiesParams, ListStudiesResult } from './core-studies.js';
import type { FrameRequest } from './web-browser.js';
import type { ViewerState, WebStudy } from './web-study.js';

/** WebSocket path of the worker RPC port. */
export const WORKER_RPC_PATH = '/worker';

/** Close codes on a worker RPC link. */
export const WORKER_CLOSE_CODES = {
  /** The ticket was unknown, expired or already used; the worker exits. */
  badTicket: 4101,
  /** The session ended (logout, idle, browser gone); the worker exits. */
  sessionEnded: 4102,
  /** The service is shutting down; the worker exits. */
  serviceStopping: 4103,
  /** A message was not valid RPC or a frame was not a web frame. */
  badMessage: 4104,
} as const;

/**
 * HTTP header of the worker's WebSocket upgrade carrying its ticket: the
 * service opens no link for an upgrade without a ticket it has issued.
 */
export const WORKER_TICKET_HEADER = 'x-atrium-worker-ticket';

/** Environment variables a manager passes to the worker it starts. */
export const WORKER_ENV = {
  /** ws:// URL of the worker RPC port, including WORKER_RPC_PATH. */
  serviceUrl: 'ATRIUM_WORKER_SERVICE_URL',
  /** The service's session id, for logs. */
  sessionId: 'ATRIUM_WORKER_SESSION',
} as const;

/**
 * The manager's answer to its worker's first IPC message: the
 * one-time ticket, kept off the command line (ps) and out of the
 * environment (/proc/<pid>/environ).
 */
export interface WorkerTicketMessage {
  ticket: string;
}

/** Hello (worker → service): present the ticket. */
export interface HelloParams {
  ticket: string;
  pid: number;
}

/** Where the worker finds the Core Server's client RPC port. */
export interface CoreServerAddress {
  host: string;
  port: number;
}

/** Hello's answer: the worker is paired with one browser session. */
export interface PairedResult {
  sessionId: string;
  userId: string;
  /** The user's Core Server token; the worker attaches it to its own link. */
  token: string;
  coreServer: CoreServerAddress;
  /**
   * Seconds the worker waits, once told its browser is gone (or once the
   * service link drops), before it ends itself.
   */
  browserGraceSeconds: number;
  /** Viewer state of the worker this one replaces, or null. */
  resume: ViewerState | null;
}

/**
 * OpenStudy (service → worker): LoadStudy at the Core Server, laid out. By
 * Study Instance UID or Accession Number; a study the Core Server must
 * first retrieve sends StudyProgress events meanwhile.
 */
export interface OpenStudyRequest {
  studyUid?: string;
  accessionNumber?: string;
}

/** Event Frames (service → worker): frames to send, ids are the service's. */
export interface FramesEvent {
  requests: FrameRequest[];
}

/** Event CancelFrames (service → worker). */
export interface CancelFramesEvent {
  requestIds: number[];
}

/** Event BrowserPresence (service → worker): no browser socket is open. */
export interface BrowserPresenceEvent {
  present: boolean;
}

/** Event TokenRenewed (service → worker): a fresher Core Server token. */
export interface TokenRenewedEvent {
  token: string;
}

/** Event FrameError (worker → service). */
export interface WorkerFrameErrorEvent {
  requestId: number;
  error: WireError;
}

/** Event StudyProgress (worker → service). */
export interface WorkerStudyProgressEvent {
  studyUid: string;
  done: number;
  total: number | null;
}

/** Event CoreSessionEnded (worker → service): the Core Server ended it. */
export interface CoreSessionEndedEvent {
  /** The Core Server's reason (logout, idle, suspended, ...). */
  reason: string;
}

/** Requests the worker sends to the service. */
export interface WorkerServiceMethods {
  Hello: { params: HelloParams; result: PairedResult };
}

/** Requests the service sends to the worker. */
export interface WorkerMethods {
  OpenStudy: { params: OpenStudyRequest; result: WebStudy };
  ListStudies: { params: ListStudiesParams; result: ListStudiesResult };
  /** The user's own saved measurements on a study (Core ListMeasurements). */
  ListMeasurements: {
    params: ListMeasurementsParams;
    result: ListMeasurementsResult;
  };
  /**
   * Replaces the user's measurements on a study (Core SaveMeasurements,
   * which needs SaveWorkspace); the Core Server's refusal is passed on.
   */
  SaveMeasurements: {
    params: SaveMeasurementsParams;
    result: SaveMeasurementsResult;
  };
}

/** Events the service sends to the worker. */
export interface WorkerInboundEvents {
  Frames: FramesEvent;
  CancelFrames: CancelFramesEvent;
  ViewerState: ViewerState;
  BrowserPresence: BrowserPresenceEvent;
  TokenRenewed: TokenRenewedEvent;
}

/** Events the worker sends to the service. */
export interface WorkerOutboundEvents {
  FrameError: WorkerFrameErrorEvent;
  StudyProgress: WorkerStudyProgressEvent;
  CoreSessionEnded: CoreSessionEndedEvent;
  /**
   * The worker renewed the user's token at the Core Server; the service
   * keeps it to hand to a replacement worker after a crash.
   */
  TokenRenewed: TokenRenewedEvent;
}
