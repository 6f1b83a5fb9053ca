/**
 * Session messages of the Core Server RPC: logging in with a user name and
 * password, attaching an existing token (the render worker's path), renewing
 * and ending a session.
 */

/** Who is logged in, as the Core Server tells its clients. */
export interface SessionUser {
  userId: string;
  firstName: string;
  lastName: string;
  /** Role names held when the session began. */
  roles: string[];
  /** Union of the permissions of those roles. */
  permissions: string[];
}

/** Authenticate: user name and password, answered with a token. */
export interface AuthenticateParams {
  username: string;
  password: string;
  /**
   * When the user already has a live session elsewhere, end it (its
   * connections get SessionEnded with reason 'duplicate-login') instead of
   * failing with CORE_ALREADY_LOGGED_IN.
   */
  closeOtherSessions?: boolean;
  /**
   * The address of the browser a relaying caller (the WebClient Service's
   * login) logs in for, as that caller saw it: an IPv4 or IPv6 address. The
   * Core Server logs it as `client` and the socket peer as `via`, and keeps
   * it as the session's address. It is the caller's claim: the per-address
   * login limit still counts the peer.
   */
  forwardedFor?: string;
}

/**
 * The `details` of a CORE_ALREADY_LOGGED_IN error: where and when the
 * user's other session began, so a client can offer to end it or cancel.
 */
export interface OtherSessionDetails {
  /** When the other session began (ISO 8601). */
  startedAt: string;
  /** When the other session was last used (ISO 8601). */
  lastSeenAt: string;
  /** Address the other session logged in from. */
  client: string;
}

/**
 * The `details` of a CORE_ACCOUNT_LOCKED error: how long the lock lasts,
 * so a client can tell the user when to try again.
 */
export interface LockedAccountDetails {
  /**
   * When the lock ends by itself (ISO 8601), or null when it lasts until
   * an administrator unlocks the account (FailedLoginsBeforeTempLock -1).
   */
  lockedUntil: string | null;
}

/** A token and the session it belongs to. */
export interface AuthenticateResult {
  /** Short-lived signed token (JWT) to present with AttachToken. */
  token: string;
  /** When the token stops being accepted (ISO 8601). */
  expiresAt: string;
  sessionId: string;
  user: SessionUser;
  /**
   * The password was reset or has expired: the user must change it. Until
   * then the session may call only ChangePassword, RenewToken and Logout;
   * anything else fails with CORE_PASSWORD_CHANGE_REQUIRED.
   */
  mustChangePassword: boolean;
}

/** AttachToken: bind this connection to a session by its token. */
export interface AttachTokenParams {
  token: string;
}

/** The session a token belongs to. */
export interface AttachTokenResult {
  expiresAt: string;
  sessionId: string;
  user: SessionUser;
  /**
   * The session may only change the password (or log out) until it does:
   * every other call fails with CORE_PASSWORD_CHANGE_REQUIRED.
   */
  mustChangePassword: boolean;
}

/** RenewToken: a fresh token for the same session, before the old expires. */
export type RenewTokenParams = Record<string, never>;

export interface RenewTokenResult {
  token: string;
  expiresAt: string;
}

/** Logout: ends the session; every connection attached to it is closed. */
export type LogoutParams = Record<string, never>;
export type LogoutResult = Record<string, never>;

/** ChangePassword: a logged-in user changes their own password. */
export interface ChangePasswordParams {
  currentPassword: string;
  newPassword: string;
}
export type ChangePasswordResult = Record<string, never>;

/** Why the server ended a session (sent in the SessionEnded event). */
export type SessionEndReason =
  | 'logout'
  | 'idle'
  | 'suspended'
  | 'deleted'
  | 'server-stopping'
  /** The user logged in elsewhere and chose to end this session. */
  | 'duplicate-login'
  /** An administrator changed the user's roles or a role's permissions. */
  | 'roles-changed'
  /** An administrator reset the user's password. */
  | 'password-reset';

/** Event: the session of this connection has ended; the socket closes. */
export interface SessionEndedEvent {
  sessionId: string;
  reason: SessionEndReason;
}
