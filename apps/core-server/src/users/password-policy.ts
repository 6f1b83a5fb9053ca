import { coreError } from '../errors.js';

/** The password keys of serverconfig.ini that this version applies. */
export interface PasswordRules {
  /** PasswordRulesEnforced: require length and character classes. */
  enforced: boolean;
  /** PasswordExpiryThreshold: days until a password must be changed; 0 never. */
  expiryDays: number;
  /** PasswordChangeRequiredAfterReset: an administrator's reset must be changed. */
  changeRequiredAfterReset: boolean;
}

/** The rules with every password key off, as DESIGN.md's defaults. */
export const RELAXED_PASSWORD_RULES: PasswordRules = {
  enforced: false,
  expiryDays: 0,
  changeRequiredAfterReset: false,
};

/** Longest password accepted; bounds the work of one hash. */
export const MAX_PASSWORD_LENGTH = 256;

const MIN_ENFORCED_LENGTH = 8;

/**
 * Checks a new password against the rules and throws CORE_PASSWORD_REJECTED
 * saying what is missing.
 *
 * Known limitation: this is the minimal policy. With PasswordRulesEnforced
 * a password needs 8 characters from three of the four classes (lower case,
 * upper case, digits, other) and must not contain the user ID. The list of
 * recent passwords (RecentPasswordListSize) is not kept yet.
 */
export function checkNewPassword(
  password: unknown,
  userId: string,
  rules: PasswordRules,
): string {
  if (typeof password !== 'string' || password.length === 0) {
    throw coreError('CORE_PASSWORD_REJECTED', 'The password must not be empty');
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw coreError(
      'CORE_PASSWORD_REJECTED',
      `The password must be at most ${MAX_PASSWORD_LENGTH} characters`,
    );
  }
  if (!rules.enforced) return password;

  if (password.length < MIN_ENFORCED_LENGTH) {
    throw coreError(
      'CORE_PASSWORD_REJECTED',
      `The password must be at least ${MIN_ENFORCED_LENGTH} characters`,
    );
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) =>
    c.test(password),
  ).length;
  if (classes < 3) {
    throw coreError(
      'CORE_PASSWORD_REJECTED',
      'The password must mix three of: lower case, upper case, digits, other characters',
    );
  }
  if (password.toLowerCase().includes(userId.toLowerCase())) {
    throw coreError(
      'CORE_PASSWORD_REJECTED',
      'The password must not contain the user ID',
    );
  }
  return password;
}

/** Tells whether a password set at `changedAt` has passed its expiry. */
export function isPasswordExpired(
  changedAt: string,
  rules: PasswordRules,
  now: Date,
): boolean {
  if (rules.expiryDays <= 0) return false;
  const ageMs = now.getTime() - Date.parse(changedAt);
  return ageMs > rules.expiryDays * 24 * 60 * 60 * 1000;
}
