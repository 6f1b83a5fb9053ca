import type { Database } from 'better-sqlite3';
import type { Logger } from '@atrium/log';
import type {
  CoreEvents,
  CorePort,
  PixelFrame,
  SessionEndReason,
} from '@atrium/protocol';
import type { TokenClaims } from '@atrium/tokens';
import type { SecuritySettings } from '../auth/security-settings.js';
import type { TokenIssuer } from '../auth/token-issuer.js';
import type { DicomNetwork } from '../dicom-net/dicom-network.js';
import type { StudyWatchers } from '../studies/study-watchers.js';
import type { LoginLimiter } from './login-limiter.js';
import type { ParamReader } from './params.js';

/** Reads the decoded pixels of one frame (see frame-source.ts). */
export interface FrameReader {
  readFrame(sopInstanceUid: string, frameIndex: number): Promise<PixelFrame>;
}

/** Everything the RPC methods share for the life of the server. */
export interface CoreServices {
  db: Database;
  log: Logger;
  settings: SecuritySettings;
  tokens: TokenIssuer;
  frames: FrameReader;
  /** MaximumQueryResults of [DicomNetwork]. */
  maximumQueryResults: number;
  /**
   * Tells every connection attached to the sessions that they ended, closes
   * them, and returns how many there were.
   */
  endSessions(sessionIds: readonly string[], reason: SessionEndReason): number;
  /** Turns for password checks, shared by both ports (login-limiter.ts). */
  logins: LoginLimiter;
  /** Connections following changes to studies (WatchStudy). */
  watchers: StudyWatchers;
  /** The DICOM side (remote nodes, retrieve on demand), when running. */
  dicom?: DicomNetwork;
}

/** A connection's login: the token presented and what it says. */
export interface SessionBinding {
  token: string;
  claims: TokenClaims;
}

/** What a method sees of the connection that called it. */
export interface CallerConnection {
  readonly port: CorePort;
  /** Address of the peer, for logs. */
  readonly client: string;
  readonly binding: SessionBinding | undefined;
  /** Binds this connection to a session (after Authenticate/AttachToken). */
  bind(binding: SessionBinding): void;
  /** Logs this connection out without closing it. */
  unbind(): void;
  /** Pushes an event to this connection (retrieve progress). */
  sendEvent<E extends keyof CoreEvents>(event: E, data: CoreEvents[E]): void;
}

/** One call of one method. */
export interface CallContext {
  services: CoreServices;
  connection: CallerConnection;
  /**
   * Adds fields to the AccessLog entry of this call (for example the user
   * name tried, the reason of a refusal, the user an administrator acted
   * on). Never pass a password or token.
   */
  note(fields: Record<string, unknown>): void;
}

/** A method's implementation. */
export type MethodHandler = (
  call: CallContext,
  params: ParamReader,
) => Promise<unknown>;

/** The session of a call that passed the access check. */
export function sessionOf(call: CallContext): SessionBinding {
  const binding = call.connection.binding;
  // The access check runs first, so only 'none' methods get here unbound.
  if (!binding) throw new Error('method needs a session but has none');
  return binding;
}
