/**
 * The recruiter link: a Worker Manager dials the WebClient Service's
 * recruiter port (`recruiterport`, 4292) over WebSocket and keeps the link
 * open. Messages use the envelope of `envelope.ts`; either side may send
 * requests, each numbering its own ids.
 *
 * Order of a link's life:
 * 1. manager → service `Register` (must be the first message; a wrong
 *    secret closes the link with close code RECRUITER_CLOSE_CODES.badSecret);
 * 2. service → manager `Recruit` for each new browser session, answered with
 *    the worker's pid or the error MGR_FULL;
 * 3. service → manager `StopWorker` when a session ends;
 * 4. manager → service event `WorkerExited` whenever a worker process ends,
 *    asked to or not.
 */

/** WebSocket path of the recruiter port. */
export const RECRUITER_PATH = '/recruiter';

/** Close codes the service uses on a recruiter link. */
export const RECRUITER_CLOSE_CODES = {
  /** The secret did not match `recruitersecret`; the manager stops dialling. */
  badSecret: 4001,
  /** The first message was not a valid Register request. */
  notRegistered: 4002,
  /** Another manager with the same workerId is connected. */
  duplicateWorkerId: 4003,
  /** The service is shutting down; the manager dials again with back-off. */
  serviceStopping: 4004,
  /** A message was not valid RPC, or too large before Register. */
  badMessage: 4005,
} as const;

/** Error code of a Recruit refused because the manager is at capacity. */
export const MANAGER_FULL_CODE = 'MGR_FULL';

/** A worker the manager is running, as reported when it registers. */
export interface RunningWorker {
  sessionId: string;
  pid: number;
}

/** Register (manager → service): who the manager is and how much it takes. */
export interface RegisterParams {
  /** The manager's `workerid` (its host name when the file leaves it empty). */
  workerId: string;
  /** Most workers it runs at once (`capacity`). */
  capacity: number;
  /** `recruitersecret`, compared by the service in constant time. */
  secret: string;
  /** Host name of the render host, for logs and health. */
  host: string;
  pid: number;
  /** Workers still running from before a reconnect. */
  workers: RunningWorker[];
}

export interface RegisterResult {
  /** The id the service gave this link, for logs. */
  managerId: string;
}

/**
 * Recruit (service → manager): start one render worker for one browser
 * session. The manager answers MGR_FULL when it already runs `capacity`
 * workers; the service then asks the next manager.
 */
export interface RecruitParams {
  /** The service's id of the browser session (not the Core Server's). */
  sessionId: string;
  /** One-time ticket the worker presents on the worker RPC port. */
  ticket: string;
  /**
   * Port of the service's worker RPC listener (`rpcport`). The worker dials
   * it on the host the manager itself dialled (`webclientservicehost`).
   */
  rpcPort: number;
}

export interface RecruitResult {
  /** Process id of the started worker. */
  pid: number;
}

/** StopWorker (service → manager): end the worker of a session. */
export interface StopWorkerParams {
  sessionId: string;
  /** Why, for the manager's log. */
  reason: string;
}

export interface StopWorkerResult {
  /** False when no worker of that session was running. */
  stopped: boolean;
}

/** Event WorkerExited (manager → service): a worker process ended. */
export interface WorkerExitedEvent {
  sessionId: string;
  pid: number;
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  /** Signal name that ended it, or null. */
  signal: string | null;
  /** True when the manager ended it on a StopWorker request. */
  requested: boolean;
}

/** Requests a manager sends to the service. */
export interface RecruiterServiceMethods {
  Register: { params: RegisterParams; result: RegisterResult };
}

/** Requests the service sends to a manager. */
export interface RecruiterManagerMethods {
  Recruit: { params: RecruitParams; result: RecruitResult };
  StopWorker: { params: StopWorkerParams; result: StopWorkerResult };
}

/** Events a manager sends to the service. */
export interface RecruiterEvents {
  WorkerExited: WorkerExitedEvent;
}
