import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { hashPassword } from './password-hash.js';
import { checkNewPassword, type PasswordRules } from './password-policy.js';
import { allRoleNames } from './role-store.js';
import { findUser, insertUser } from './user-store.js';

/** User ID of the first-run administrator. */
export const ADMIN_USER_ID = 'admin';

const STATE_KEY = 'admin-account-created';

/** What ensureAdminAccount did. */
export type AdminAccountOutcome =
  | { created: false }
  | {
      created: true;
      /** The password, to print once to the console; never log it. */
      password: string;
      /** True when made up here rather than taken from the environment. */
      generated: boolean;
    };

/** The first-run account made ready: password checked and hashed. */
export interface PreparedAdminAccount {
  /** The password, to print once to the console; never log it. */
  password: string;
  /** True when made up here rather than taken from the environment. */
  generated: boolean;
  passwordHash: string;
}

/**
 * On the first start, creates the `admin` account holding every role, with
 * the password in ATRIUM_ADMIN_PASSWORD or a generated one. Runs once per
 * database: an `admin` removed behind the server's back (it cannot be
 * deleted through Atrium) does not come back.
 */
export async function ensureAdminAccount(
  db: Database,
  rules: PasswordRules,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AdminAccountOutcome> {
  const prepared = await prepareAdminAccount(db, rules, env);
  return prepared
    ? createAdminAccount(db, prepared, rules)
    : { created: false };
}

/**
 * The first half of ensureAdminAccount, for `serve`: checks the password of
 * ATRIUM_ADMIN_PASSWORD (or generates one) and hashes it, without writing
 * anything. Null once the account has been made. `serve` writes the account
 * only after its ports are bound and prints the password at once, so a
 * start that fails never leaves an account whose password nobody saw.
 */
export async function prepareAdminAccount(
  db: Database,
  rules: PasswordRules,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PreparedAdminAccount | null> {
  if (isDone(db)) return null;

  const given = env.ATRIUM_ADMIN_PASSWORD;
  const password = given
    ? checkNewPassword(given, rules)
    : generatePassword(rules);
  const passwordHash = await hashPassword(password);
  return { password, generated: !given, passwordHash };
}

/** The second half of ensureAdminAccount: writes the prepared account. */
export function createAdminAccount(
  db: Database,
  prepared: PreparedAdminAccount,
  rules: PasswordRules,
): AdminAccountOutcome {
  // Checked again inside the write lock: the users command or a second
  // server may have made the account since it was prepared.
  const created = db
    .transaction(() => {
      if (isDone(db)) return false;
      markDone(db);
      if (findUser(db, ADMIN_USER_ID)) return false;
      insertUser(db, {
        userId: ADMIN_USER_ID,
        passwordHash: prepared.passwordHash,
        roles: allRoleNames(db),
        firstName: '',
        lastName: 'Administrator',
        physicianId: '',
        mustChangePassword: prepared.generated,
        keepPasswords: rules.recentListSize,
      });
      return true;
    })
    .immediate();
  return created
    ? {
        created: true,
        password: prepared.password,
        generated: prepared.generated,
      }
    : { created: false };
}

function isDone(db: Database): boolean {
  return (
    db.prepare('SELECT 1 FROM user_db_state WHERE key = ?').get(STATE_KEY) !==
    undefined
  );
}

function markDone(db: Database): void {
  db.prepare('INSERT INTO user_db_state (key, value) VALUES (?, ?)').run(
    STATE_KEY,
    new Date().toISOString(),
  );
}

function generatePassword(rules: PasswordRules): string {
  // 18 random bytes give 24 characters; retry in the rare case that they
  // miss a character class the enforced rules ask for.
  for (;;) {
    const candidate = randomBytes(18).toString('base64url');
    try {
      return checkNewPassword(candidate, rules);
    } catch {
      continue;
    }
  }
}
