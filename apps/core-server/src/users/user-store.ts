import type { Database } from 'better-sqlite3';
import type { UserRecord } from '@atrium/protocol';
import { coreError } from '../errors.js';
import { recordPasswordHash } from './password-history.js';
import { resolveRoleNames } from './role-store.js';

/** A user as stored, with the password hash (never sent anywhere). */
export interface StoredUser extends UserRecord {
  passwordHash: string;
  lastLoginAt: string | null;
  /** The stored lock flag; `locked` says whether the lock still holds now. */
  lockFlag: boolean;
}

interface UserRow {
  user_id: string;
  first_name: string;
  last_name: string;
  physician_id: string;
  password_hash: string;
  password_changed_at: string;
  must_change_password: number;
  suspended: number;
  failed_logins: number;
  locked: number;
  locked_until: string | null;
  created_at: string;
  last_login_at: string | null;
}

/** One user by ID (matched without regard to case), or undefined. */
export function findUser(db: Database, userId: string): StoredUser | undefined {
  const row = db
    .prepare('SELECT * FROM users WHERE user_id = ?')
    .get(userId) as UserRow | undefined;
  return row && toStoredUser(row, rolesOf(db, row.user_id));
}

/** One user by ID; throws CORE_USER_NOT_FOUND when there is none. */
export function getUser(db: Database, userId: string): StoredUser {
  const user = findUser(db, userId);
  if (!user) {
    throw coreError('CORE_USER_NOT_FOUND', `No user has the ID "${userId}"`);
  }
  return user;
}

/** Every user, by user ID, without password hashes. */
export function listUsers(db: Database): UserRecord[] {
  const rows = db
    .prepare('SELECT * FROM users ORDER BY user_id COLLATE NOCASE')
    .all() as UserRow[];
  return rows.map((row) =>
    toUserRecord(toStoredUser(row, rolesOf(db, row.user_id))),
  );
}

/** Drops the stored-only fields of a user. */
export function toUserRecord(user: StoredUser): UserRecord {
  const {
    passwordHash: _hash,
    lastLoginAt: _login,
    lockFlag: _flag,
    ...record
  } = user;
  return record;
}

/** What a new user row needs; the password arrives already hashed. */
export interface NewUserRow {
  userId: string;
  passwordHash: string;
  roles: readonly string[];
  firstName: string;
  lastName: string;
  physicianId: string;
  mustChangePassword: boolean;
  /** RecentPasswordListSize: password hashes to keep; 0 keeps none. */
  keepPasswords?: number;
}

/** Inserts a user and their roles in one transaction. */
export function insertUser(db: Database, user: NewUserRow): StoredUser {
  const now = new Date().toISOString();
  db.transaction(() => {
    if (findUser(db, user.userId)) {
      throw coreError(
        'CORE_USER_EXISTS',
        `A user with the ID "${user.userId}" already exists`,
      );
    }
    const roles = resolveRoleNames(db, user.roles);
    db.prepare(
      `INSERT INTO users (user_id, first_name, last_name, physician_id,
         password_hash, password_changed_at, must_change_password, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      user.userId,
      user.firstName,
      user.lastName,
      user.physicianId,
      user.passwordHash,
      now,
      user.mustChangePassword ? 1 : 0,
      now,
    );
    writeRoles(db, user.userId, roles);
    const keep = user.keepPasswords ?? 0;
    recordPasswordHash(db, user.userId, user.passwordHash, keep, new Date(now));
  }).immediate();
  return getUser(db, user.userId);
}

/** Changes to a user's profile; fields left out keep their value. */
export interface UserChange {
  firstName?: string;
  lastName?: string;
  physicianId?: string;
  roles?: readonly string[];
}

/** Updates names, physician ID and roles in one transaction. */
export function updateUser(
  db: Database,
  userId: string,
  change: UserChange,
): StoredUser {
  db.transaction(() => {
    const current = getUser(db, userId);
    db.prepare(
      `UPDATE users SET first_name = ?, last_name = ?, physician_id = ?
       WHERE user_id = ?`,
    ).run(
      change.firstName ?? current.firstName,
      change.lastName ?? current.lastName,
      change.physicianId ?? current.physicianId,
      current.userId,
    );
    if (change.roles) {
      writeRoles(db, current.userId, resolveRoleNames(db, change.roles));
    }
  }).immediate();
  return getUser(db, userId);
}

/**
 * Stores a new password hash and whether it must be changed at login, and
 * keeps the hash in the user's list of recent passwords (`keepPasswords`
 * long, RecentPasswordListSize).
 */
export function writePasswordHash(
  db: Database,
  userId: string,
  passwordHash: string,
  mustChangePassword: boolean,
  keepPasswords = 0,
): void {
  const now = new Date();
  db.transaction(() => {
    const { userId: stored } = getUser(db, userId);
    db.prepare(
      `UPDATE users SET password_hash = ?, password_changed_at = ?,
         must_change_password = ? WHERE user_id = ?`,
    ).run(passwordHash, now.toISOString(), mustChangePassword ? 1 : 0, stored);
    recordPasswordHash(db, stored, passwordHash, keepPasswords, now);
  }).immediate();
}

/** Suspends a user or lifts the suspension. */
export function writeSuspended(
  db: Database,
  userId: string,
  suspended: boolean,
): StoredUser {
  db.prepare('UPDATE users SET suspended = ? WHERE user_id = ?').run(
    suspended ? 1 : 0,
    getUser(db, userId).userId,
  );
  return getUser(db, userId);
}

/** Deletes a user; their role links go with them. */
export function removeUser(db: Database, userId: string): void {
  const { userId: stored } = getUser(db, userId);
  db.prepare('DELETE FROM users WHERE user_id = ?').run(stored);
}

function writeRoles(db: Database, userId: string, roles: readonly string[]) {
  db.prepare('DELETE FROM user_roles WHERE user_id = ?').run(userId);
  const insert = db.prepare(
    `INSERT INTO user_roles (user_id, role_id)
     SELECT ?, id FROM roles WHERE name = ?`,
  );
  for (const role of roles) insert.run(userId, role);
}

function rolesOf(db: Database, userId: string): string[] {
  const rows = db
    .prepare(
      `SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
       WHERE ur.user_id = ? ORDER BY r.built_in DESC, r.id`,
    )
    .all(userId) as { name: string }[];
  return rows.map((r) => r.name);
}

/**
 * Tells whether a lock still holds: a temporary lock ends by itself at its
 * time; a lock without an end lasts until an administrator unlocks.
 */
export function isLockActive(
  locked: boolean,
  lockedUntil: string | null,
  now: Date,
): boolean {
  if (!locked) return false;
  return lockedUntil === null || Date.parse(lockedUntil) > now.getTime();
}

function toStoredUser(row: UserRow, roles: string[]): StoredUser {
  return {
    userId: row.user_id,
    firstName: row.first_name,
    lastName: row.last_name,
    physicianId: row.physician_id,
    roles,
    suspended: row.suspended === 1,
    locked: isLockActive(row.locked === 1, row.locked_until, new Date()),
    lockedUntil: row.locked_until,
    failedLogins: row.failed_logins,
    passwordChangedAt: row.password_changed_at,
    mustChangePassword: row.must_change_password === 1,
    createdAt: row.created_at,
    passwordHash: row.password_hash,
    lastLoginAt: row.last_login_at,
    lockFlag: row.locked === 1,
  };
}
