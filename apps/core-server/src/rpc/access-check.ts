import type { Database } from 'better-sqlite3';
import type { MethodAccess, Permission } from '@atrium/protocol';
import {
  findSession,
  isSessionAlive,
  touchSession,
} from '../auth/session-store.js';
import { coreError } from '../errors.js';
import { permissionsOfRoles } from '../users/role-store.js';
import { findUser } from '../users/user-store.js';
import type { CallerConnection, CoreServices } from './call-context.js';

/**
 * How often a busy session's last-seen time is written, at most: every 30
 * seconds, or more often when ConnectionTimeout is shorter than a minute so
 * an active session never idles out.
 */
const TOUCH_INTERVAL_MS = 30_000;

/**
 * Checks that the caller may make a call: a session for anything beyond
 * login, a token that has not expired, a session that has not ended or
 * idled out, a password that need not be changed first, and one of the
 * permissions the method requires. Throws the
 * typed error that says which check failed.
 */
export class AccessCheck {
  readonly #services: CoreServices;
  #lastTouch = 0;

  constructor(services: CoreServices) {
    this.#services = services;
  }

  check(
    access: MethodAccess,
    connection: CallerConnection,
    now = new Date(),
  ): void {
    if (access.requires === 'none') return;

    const binding = connection.binding;
    if (!binding) throw coreError('CORE_NOT_AUTHENTICATED');
    if (binding.claims.expiresAt.getTime() <= now.getTime()) {
      throw coreError('CORE_TOKEN_EXPIRED');
    }

    const { db, settings } = this.#services;
    const { sessionId } = binding.claims;
    const session = findSession(db, sessionId);
    if (!isSessionAlive(session, settings.idleSeconds, now)) {
      connection.unbind();
      throw coreError('CORE_SESSION_ENDED');
    }
    // Enforced here rather than trusted to the client: a session opened
    // with a reset or expired password reaches nothing else until it
    // changes it.
    if (session?.passwordChangeRequired && !access.beforePasswordChange) {
      throw coreError('CORE_PASSWORD_CHANGE_REQUIRED');
    }

    const required = access.requires;
    if (
      required !== 'session' &&
      !required.some((p) => binding.claims.permissions.includes(p))
    ) {
      throw coreError(
        'CORE_PERMISSION_DENIED',
        `Your roles do not allow this operation (it needs ${required.join(' or ')})`,
      );
    }

    const interval = Math.min(
      TOUCH_INTERVAL_MS,
      (settings.idleSeconds * 1000) / 2,
    );
    if (now.getTime() - this.#lastTouch >= interval) {
      touchSession(db, sessionId);
      this.#lastTouch = now.getTime();
    }
  }

  /** Forgets when the session was last written (after a new binding). */
  reset(): void {
    this.#lastTouch = 0;
  }
}

/** A user's roles and their permissions as the database holds them now. */
export interface CurrentGrant {
  roles: string[];
  permissions: Permission[];
}

/**
 * Reads a logged-in user's roles and permissions afresh, for a renewed
 * token: a role renamed or given more permissions since login shows in the
 * new token. A user deleted or suspended since gives CORE_SESSION_ENDED.
 */
export function readCurrentGrant(db: Database, userId: string): CurrentGrant {
  const user = findUser(db, userId);
  if (!user || user.suspended) throw coreError('CORE_SESSION_ENDED');
  return { roles: user.roles, permissions: permissionsOfRoles(db, user.roles) };
}
