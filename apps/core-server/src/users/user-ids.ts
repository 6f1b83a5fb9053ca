import { NOT_DISPLAYED } from '@atrium/log';
import { coreError } from '../errors.js';

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const ROLE_NAME = /^[^\p{Cc},]{1,64}$/u;

/**
 * Checks a user ID: 1 to 64 letters, digits, dots, underscores, at signs
 * or hyphens, starting with a letter or digit. IDs compare without regard to
 * case.
 */
export function checkUserId(userId: unknown): string {
  if (typeof userId !== 'string' || !USER_ID.test(userId)) {
    throw coreError(
      'CORE_INVALID_PARAMS',
      'A user ID is 1 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit',
    );
  }
  return userId;
}

/**
 * A typed user name as the log may show it: as typed when it could be a
 * user ID, else `***not displayed***`, since text that cannot be a user ID
 * may be a password typed into the wrong field.
 */
export function loggableUserId(typed: string): string {
  return USER_ID.test(typed) ? typed : NOT_DISPLAYED;
}

/** Checks a role name: 1 to 64 characters, no commas or control codes. */
export function checkRoleName(name: unknown): string {
  if (typeof name !== 'string' || !ROLE_NAME.test(name) || !name.trim()) {
    throw coreError(
      'CORE_INVALID_PARAMS',
      'A role name is 1 to 64 characters without commas or control characters',
    );
  }
  return name.trim();
}
