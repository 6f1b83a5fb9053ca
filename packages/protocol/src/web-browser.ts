/**
 * The browser's socket: socket.io on the service's web ports (plain and
 * TLS), path WEB_SOCKET_PATH. The two event maps below plug straight into
 * socket.io's typings:
 *
 *   const socket: Socket<WebServerEvents, WebClientEvents> =
 *     io({ path: WEB_SOCKET_PATH });
 *
 * Authentication is the next-auth session cookie: the service reads the
 * next-auth JWT (fields in WebAuthJwtFields) and checks the Core Server
 * token in it. Without a valid one the connection is refused with a
 * `connect_error` whose message is a WEB_ code (WEB_CONNECT_ERRORS).
 *
 * The first socket of a logged-in browser session makes the service recruit
 * a render worker for that session; requests sent before the worker is
 * ready wait in the service. Frames come back as binary `frame` events laid
 * out as in web-frame.ts.
 */
import type { WireError } from './errors.js';
import type {
  ListMeasurementsParams,
  ListMeasurementsResult,
  SaveMeasurementsParams,
  SaveMeasurementsResult,
} from './core-measurements.js';
import type { ListStudiesParams, ListStudiesResult } from './core-studies.js';
import type { ImageFormat } from './web-frame.js';
import type { ViewerState, WebStudy } from './web-study.js';

/** socket.io path of the browser socket on the web ports. */
export const WEB_SOCKET_PATH = '/socket.io';

/**
 * Fields the viewer's next-auth `jwt` callback stores in its JWT, which the
 * service reads from the session cookie to pair a socket with a session.
 */
export interface WebAuthJwtFields {
  /** The Core Server's session token (ES256 JWT from Authenticate). */
  coreToken: string;
  /** When coreToken expires, ISO 8601. */
  coreTokenExpiresAt: string;
  /** The Core Server's session id (the token's `sid`). */
  coreSessionId: string;
  userId: string;
}

/** Messages of `connect_error` when the service refuses a socket. */
export const WEB_CONNECT_ERRORS = {
  /** No next-auth session cookie, or it cannot be read. */
  unauthenticated: 'WEB_UNAUTHENTICATED',
  /** The Core Server token in the session has expired: log in again. */
  sessionExpired: 'WEB_SESSION_EXPIRED',
} as const;

/** An answer through a socket.io acknowledgement. */
export type WebAck<T> =
  { ok: true; result: T } | { ok: false; error: WireError };

/** How a rendered frame should look. */
export interface RenderOptions {
  format: ImageFormat;
  /** 1–100 for JPEG and WebP (default 90); ignored for PNG. */
  quality?: number;
  /** Longest side in pixels; larger frames are scaled down (thumbnails). */
  maxSize?: number;
  /**
   * Window in modality units (after rescale). Default: the frame's first
   * window preset, else the frame's own minimum and maximum.
   */
  windowCentre?: number;
  windowWidth?: number;
}

/** One frame the browser wants. */
export interface FrameRequest {
  /**
   * Chosen by the browser, unique among its open requests on this socket,
   * 1 to 4294967295: the binary `frame` (or `frame-error`) names it.
   */
  requestId: number;
  sopInstanceUid: string;
  frameIndex: number;
  /** 'pixel': lossless stored values; 'rendered': an 8-bit image. */
  kind: 'pixel' | 'rendered';
  /** Required when kind is 'rendered'. */
  render?: RenderOptions;
}

/**
 * `frames`: ask for frames; each is answered by `frame` or `frame-error`.
 * A malformed event is refused whole with WEB_BAD_REQUEST, whose message
 * names the field at fault: through the acknowledgement when one is given,
 * and as a `frame-error` for each request id that could be read from it.
 */
export interface FramesParams {
  requests: FrameRequest[];
}

/** `cancel-frames`: drop requests not yet answered (e.g. scrolled past). */
export interface CancelFramesParams {
  requestIds: number[];
}

/**
 * `open-study`: load a study for viewing, by Study Instance UID or by
 * Accession Number (exactly one of the two).
 */
export interface OpenStudyParams {
  studyUid?: string;
  accessionNumber?: string;
}

/** Event `study-progress`: a study is being retrieved or read. */
export interface StudyProgressEvent {
  studyUid: string;
  /** Images ready so far and in all; total is null when not yet known. */
  done: number;
  total: number | null;
}

/** Event `frame-error`: one frame request failed. */
export interface FrameErrorEvent {
  requestId: number;
  error: WireError;
}

/** Event `session`: sent once on connect. */
export interface SessionEvent {
  /** The service's id of this browser session. */
  sessionId: string;
  userId: string;
  /** 'starting' until the worker is paired, then `worker-ready` follows. */
  worker: 'starting' | 'ready';
  /** The last state the service kept for this session, if any. */
  state: ViewerState | null;
}

/** Event `worker-lost`: the session's worker died; a new one is starting. */
export interface WorkerLostEvent {
  reason: string;
}

/**
 * Event `worker-resumed`: a replacement worker is ready and has reopened
 * the study of `state`; the viewer restores the state without a reload.
 * Unanswered frame requests were handed to the new worker.
 */
export interface WorkerResumedEvent {
  state: ViewerState | null;
  study: WebStudy | null;
}

/** Event `server-full`: no Worker Manager can take this session. */
export interface ServerFullEvent {
  message: string;
}

/** Why a session ended (event `session-ended`; the socket then closes). */
export type WebSessionEndReason =
  | 'logout'
  | 'idle'
  | 'expired'
  | 'suspended'
  | 'server-stopping'
  | 'worker-failed';

export interface WebSessionEndedEvent {
  reason: WebSessionEndReason;
  message: string;
}

/** Events the browser sends (socket.io ClientToServerEvents). */
export interface WebClientEvents {
  /** Query the study list with the user's own permissions. */
  'list-studies': (
    params: ListStudiesParams,
    ack: (answer: WebAck<ListStudiesResult>) => void,
  ) => void;
  /**
   * Open a study. A study the Core Server does not have answers with the
   * Core Server's error code CORE_STUDY_NOT_FOUND (the viewer returns to
   * the study list with the message).
   */
  'open-study': (
    params: OpenStudyParams,
    ack: (answer: WebAck<WebStudy>) => void,
  ) => void;
  /**
   * Ask for frames (see FrameRequest and FramesParams). The optional
   * acknowledgement says whether the event was taken (result null) or
   * refused (WEB_BAD_REQUEST); the frames themselves come as events.
   */
  frames: (params: FramesParams, ack?: (answer: WebAck<null>) => void) => void;
  'cancel-frames': (params: CancelFramesParams) => void;
  /**
   * The user's own saved measurements on a study (savedAt null when none
   * were ever saved). Needs ViewStudy.
   */
  'list-measurements': (
    params: ListMeasurementsParams,
    ack: (answer: WebAck<ListMeasurementsResult>) => void,
  ) => void;
  /**
   * Replace the user's saved measurements on a study with `measurements`
   * (at most MAX_MEASUREMENTS; an empty list deletes them all). Needs
   * SaveWorkspace: a user without it gets the Core Server's
   * CORE_PERMISSION_DENIED. A malformed request is answered with
   * WEB_BAD_REQUEST naming the field; a measurement on an instance outside
   * the study with CORE_INSTANCE_NOT_FOUND.
   */
  'save-measurements': (
    params: SaveMeasurementsParams,
    ack: (answer: WebAck<SaveMeasurementsResult>) => void,
  ) => void;
  /**
   * Report what the viewer shows. Kept for crash recovery, and a hint: the
   * worker prefetches the neighbouring slices and the phases of the current
   * slice of each viewport.
   */
  'viewer-state': (state: ViewerState) => void;
  /** Log out: the service stops the worker at once, then acknowledges. */
  'end-session': (ack: (answer: WebAck<null>) => void) => void;
}

/** Events the service sends (socket.io ServerToClientEvents). */
export interface WebServerEvents {
  session: (event: SessionEvent) => void;
  'worker-ready': () => void;
  'study-progress': (event: StudyProgressEvent) => void;
  /** One web frame (web-frame.ts); an ArrayBuffer in browsers. */
  frame: (bytes: ArrayBuffer | Uint8Array) => void;
  'frame-error': (event: FrameErrorEvent) => void;
  'worker-lost': (event: WorkerLostEvent) => void;
  'worker-resumed': (event: WorkerResumedEvent) => void;
  'server-full': (event: ServerFullEvent) => void;
  'session-ended': (event: WebSessionEndedEvent) => void;
  /**
   * This socket is refused (the session has too many sockets open) and is
   * disconnected next; the session itself goes on.
   */
  'socket-refused': (event: { error: WireError }) => void;
}
