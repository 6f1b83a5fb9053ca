import { isIP } from 'node:net';
import {
  hasAdminPermission,
  type AttachTokenResult,
  type AuthenticateResult,
  type RenewTokenResult,
  type SessionUser,
} from '@atrium/protocol';
import { NOT_DISPLAYED } from '@atrium/log';
import type { TokenClaims } from '@atrium/tokens';
import { checkCredentials } from '../auth/check-credentials.js';
import { accountLockedError } from '../auth/lock-policy.js';
import {
  logCloseDuplicateConnections,
  logLockUser,
} from '../auth/security-events.js';
import {
  clearPasswordChangeRequired,
  endSession,
  findSession,
  isSessionAlive,
  touchSession,
} from '../auth/session-store.js';
import {
  openSingleSession,
  type SessionOpening,
} from '../auth/single-login.js';
import { coreError } from '../errors.js';
import { MAX_PASSWORD_LENGTH } from '../users/password-policy.js';
import { permissionsOfRoles } from '../users/role-store.js';
import { changeOwnPassword } from '../users/user-admin.js';
import { loggableUserId } from '../users/user-ids.js';
import { findUser } from '../users/user-store.js';
import { readCurrentGrant } from './access-check.js';
import {
  sessionOf,
  type CallContext,
  type MethodHandler,
} from './call-context.js';
import type { ParamReader } from './params.js';

const REFUSAL_CODES = {
  'unknown-user': 'CORE_AUTH_FAILED',
  'wrong-password': 'CORE_AUTH_FAILED',
  suspended: 'CORE_ACCOUNT_SUSPENDED',
} as const;

/**
 * Authenticate: user name and password in, session and token out. Applies
 * lock-out, suspension, password expiry and one login per user: a user
 * with a live session elsewhere gets CORE_ALREADY_LOGGED_IN unless the call
 * says closeOtherSessions, which ends the other session (its connections
 * get SessionEnded 'duplicate-login'). A session whose password must change
 * may call only ChangePassword, RenewToken and Logout until it does.
 * `forwardedFor` (see LoginOrigin) names the browser behind a relaying
 * caller in the log and the session.
 */
export const authenticate: MethodHandler = async (call, params) => {
  const username = params.string('username', 256);
  const password = params.string('password', MAX_PASSWORD_LENGTH);
  const closeOtherSessions = params.optionalBoolean('closeOtherSessions');
  const origin = readLoginOrigin(call, params);
  params.finish();
  // The log shows that a password came, never what it was.
  call.note({ user: loggableUserId(username), password: NOT_DISPLAYED });
  call.note({ ...origin });

  const { db, settings, log } = call.services;
  const check = await checkCredentials(
    db,
    username,
    password,
    settings.lock,
    settings.passwords,
  );
  if (!check.ok) {
    if (check.lockedNow) {
      logLockUser(log, {
        ...origin,
        user: check.userId ?? username,
        failedLogins: check.lockedNow.failedLogins,
        lockedUntil: check.lockedNow.until,
      });
    }
    call.note({ reason: check.reason });
    if (check.reason === 'locked') {
      throw accountLockedError(check.lockedUntil ?? null);
    }
    throw coreError(REFUSAL_CODES[check.reason]);
  }

  const { user } = check;
  const permissions = permissionsOfRoles(db, user.roles);
  refuseNonAdministrator(call, permissions);

  const opening = openSingleSession(db, user.userId, {
    client: origin.client,
    closeOtherSessions: closeOtherSessions === true,
    idleSeconds: settings.idleSeconds,
    passwordChangeRequired: check.mustChangePassword,
  });
  const { session } = opening;
  const claims = {
    userId: user.userId,
    roles: user.roles,
    permissions,
    sessionId: session.sessionId,
  };
  const signed = await call.services.tokens.issue(claims);
  const now = new Date();
  call.connection.bind({
    token: signed.token,
    claims: { ...claims, issuedAt: now, expiresAt: signed.expiresAt },
  });
  call.note({ user: user.userId, session: session.sessionId });
  closeDuplicates(call, origin, user.userId, opening);

  const result: AuthenticateResult = {
    token: signed.token,
    expiresAt: signed.expiresAt.toISOString(),
    sessionId: session.sessionId,
    user: describeUser(call, claims),
    mustChangePassword: check.mustChangePassword,
  };
  return result;
};

/** AttachToken: a worker (or a reconnecting client) joins a session. */
export const attachToken: MethodHandler = async (call, params) => {
  const token = params.string('token', 8192);
  params.finish();

  call.note({ token: NOT_DISPLAYED });
  const claims = await call.services.tokens.check(token);
  call.note({ user: claims.userId, session: claims.sessionId });
  const { db, settings } = call.services;
  const session = findSession(db, claims.sessionId);
  if (!session || !isSessionAlive(session, settings.idleSeconds, new Date())) {
    throw coreError('CORE_SESSION_ENDED');
  }
  // Suspension and deletion end a user's sessions; this also covers a
  // change made to the database behind the server's back.
  const user = findUser(db, claims.userId);
  if (!user || user.suspended) throw coreError('CORE_SESSION_ENDED');
  refuseNonAdministrator(call, claims.permissions);

  touchSession(db, claims.sessionId);
  call.connection.bind({ token, claims });
  const result: AttachTokenResult = {
    expiresAt: claims.expiresAt.toISOString(),
    sessionId: claims.sessionId,
    user: describeUser(call, claims),
    mustChangePassword: session.passwordChangeRequired,
  };
  return result;
};

/**
 * RenewToken: a fresh token for the same session, with the user's roles
 * and permissions as they are now (readCurrentGrant); a user suspended or
 * deleted since gets CORE_SESSION_ENDED.
 */
export const renewToken: MethodHandler = async (call, params) => {
  params.finish();
  const { claims } = sessionOf(call);
  const current = readCurrentGrant(call.services.db, claims.userId);
  refuseNonAdministrator(call, current.permissions);
  const next = {
    userId: claims.userId,
    roles: current.roles,
    permissions: current.permissions,
    sessionId: claims.sessionId,
  };
  const signed = await call.services.tokens.issue(next);
  call.connection.bind({
    token: signed.token,
    claims: { ...next, issuedAt: new Date(), expiresAt: signed.expiresAt },
  });
  const result: RenewTokenResult = {
    token: signed.token,
    expiresAt: signed.expiresAt.toISOString(),
  };
  return result;
};

/**
 * Logout: ends the session. Other connections attached to it get the
 * SessionEnded event and are closed; this one stays open, logged out.
 */
export const logout: MethodHandler = async (call, params) => {
  params.finish();
  const { claims } = sessionOf(call);
  endSession(call.services.db, claims.sessionId, 'logout');
  call.connection.unbind();
  call.services.endSessions([claims.sessionId], 'logout');
  return {};
};

/** ChangePassword: the caller changes their own password. */
export const changePassword: MethodHandler = async (call, params) => {
  const currentPassword = params.string('currentPassword', MAX_PASSWORD_LENGTH);
  const newPassword = params.string('newPassword', MAX_PASSWORD_LENGTH);
  params.finish();
  call.note({
    currentPassword: NOT_DISPLAYED,
    newPassword: NOT_DISPLAYED,
  });
  const { claims } = sessionOf(call);
  const { db, settings } = call.services;
  await changeOwnPassword(
    db,
    claims.userId,
    currentPassword,
    newPassword,
    settings.passwords,
    settings.lock,
  );
  clearPasswordChangeRequired(db, claims.userId);
  return {};
};

/**
 * Ends the connections of the sessions a login closed, and writes the
 * CloseDuplicateConnections entry administrators watch for.
 */
function closeDuplicates(
  call: CallContext,
  origin: LoginOrigin,
  userId: string,
  opening: SessionOpening,
): void {
  if (opening.closed.length === 0) return;
  const ids = opening.closed.map((s) => s.sessionId);
  const connections = call.services.endSessions(ids, 'duplicate-login');
  logCloseDuplicateConnections(call.services.log, {
    ...origin,
    user: userId,
    session: opening.session.sessionId,
    closedSessions: opening.closed.map((s) => ({
      session: s.sessionId,
      client: s.client,
      startedAt: s.startedAt,
    })),
    connections,
  });
}

/**
 * Where a login comes from, as its log lines and its session name it:
 * `client` is the browser's address when a relaying caller (the WebClient
 * Service) passed it as forwardedFor, else the socket peer; `via` is then
 * the socket peer. Any caller may claim a forwardedFor, so the peer is
 * always in the line beside it: a claim never hides who made it.
 */
interface LoginOrigin {
  client: string;
  via?: string;
}

/**
 * Reads forwardedFor: an IPv4 or IPv6 address, nothing else, so a caller
 * cannot write arbitrary text into the log through it.
 *
 * The per-address login limiter (login-limiter.ts) keeps counting the peer,
 * not this address: a caller free to name any address could take a fresh
 * address's turns for each login and escape the limit. Logins the service
 * relays therefore share its turns, as login-limiter.ts says.
 */
function readLoginOrigin(call: CallContext, params: ParamReader): LoginOrigin {
  const peer = call.connection.client;
  const forwardedFor = params.optionalString('forwardedFor', 64);
  if (forwardedFor === undefined) return { client: peer };
  if (isIP(forwardedFor) === 0) {
    throw coreError(
      'CORE_INVALID_PARAMS',
      'forwardedFor must be an IPv4 or IPv6 address',
    );
  }
  return { client: forwardedFor, via: peer };
}

function refuseNonAdministrator(
  call: CallContext,
  permissions: readonly string[],
): void {
  if (call.connection.port !== 'admin' || hasAdminPermission(permissions)) {
    return;
  }
  call.note({ reason: 'not-administrator' });
  throw coreError('CORE_ADMIN_PORT_REFUSED');
}

function describeUser(
  call: CallContext,
  claims: Pick<TokenClaims, 'userId' | 'roles' | 'permissions'>,
): SessionUser {
  const user = findUser(call.services.db, claims.userId);
  return {
    userId: claims.userId,
    firstName: user?.firstName ?? '',
    lastName: user?.lastName ?? '',
    roles: claims.roles,
    permissions: claims.permissions,
  };
}
