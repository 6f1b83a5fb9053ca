import { coreError } from '../errors.js';

/** The password keys of serverconfig.ini. */
export interface PasswordRules {
  /**
   * PasswordRulesEnforced: a new password needs at least 6 characters, a
   * lower-case letter, an upper-case letter and a digit.
   */
  enforced: boolean;
  /** PasswordExpiryThreshold: days until a password must be changed; 0 never. */
  expiryDays: number;
  /**
   * RecentPasswordListSize: how many of a user's latest passwords (the
   * current one included) are kept as hashes and may not be chosen again;
   * 0 keeps none.
   */
  recentListSize: number;
  /** PasswordChangeRequiredAfterReset: an administrator's reset must be changed. */
  changeRequiredAfterReset: boolean;
}

/** The rules with every password key off, as DESIGN.md's defaults. */
export const RELAXED_PASSWORD_RULES: PasswordRules = {
  enforced: false,
  expiryDays: 0,
  recentListSize: 0,
  changeRequiredAfterReset: false,
};

/** Longest password accepted; bounds the work of one hash. */
export const MAX_PASSWORD_LENGTH = 256;

/** Shortest password PasswordRulesEnforced accepts. */
export const MIN_ENFORCED_LENGTH = 6;

// Each class PasswordRulesEnforced asks for, with the words that name it
// when it is missing. Letters outside A-Z count by their Unicode case.
const REQUIRED_CLASSES: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /\p{Ll}/u, name: 'a lower-case letter' },
  { pattern: /\p{Lu}/u, name: 'an upper-case letter' },
  { pattern: /\p{Nd}/u, name: 'a digit' },
];

/**
 * Checks a new password against the rules and throws CORE_PASSWORD_REJECTED
 * saying what is missing. Any password must be 1 to 256 characters; with
 * PasswordRulesEnforced it also needs at least 6 characters, a lower-case
 * letter, an upper-case letter and a digit. Reuse of a recent password is
 * checked separately (password-history.ts), as it needs the stored hashes.
 */
export function checkNewPassword(
  password: unknown,
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

  const missing = REQUIRED_CLASSES.filter((c) => !c.pattern.test(password));
  const short = [...password].length < MIN_ENFORCED_LENGTH;
  if (!short && missing.length === 0) return password;

  const needs = [
    ...(short ? [`at least ${MIN_ENFORCED_LENGTH} characters`] : []),
    ...missing.map((c) => c.name),
  ];
  throw coreError(
    'CORE_PASSWORD_REJECTED',
    `The password needs ${joinWords(needs)}`,
  );
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

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
