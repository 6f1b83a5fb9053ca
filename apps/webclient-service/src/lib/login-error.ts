/**
 * A refused login as it travels from next-auth's authorize (server) to the
 * login form (browser). next-auth hands the form only the text of the error
 * authorize threw, so the Core Server's code and words travel together in
 * that text as JSON.
 */

/** The Core Server's answer to a refused login. */
export interface LoginError {
  /** e.g. CORE_AUTH_FAILED, CORE_ACCOUNT_LOCKED, CORE_ALREADY_LOGGED_IN. */
  code: string;
  /** The Core Server's own words. */
  message: string;
  /**
   * The Core Server's facts about the refusal (its WireError details), e.g.
   * LockedAccountDetails for CORE_ACCOUNT_LOCKED.
   */
  details?: Record<string, unknown>;
}

/** The code of a login refused because the account is locked. */
export const ACCOUNT_LOCKED = 'CORE_ACCOUNT_LOCKED';

/** The code of a login refused because the user is logged in elsewhere. */
export const ALREADY_LOGGED_IN = 'CORE_ALREADY_LOGGED_IN';

/** Packs a refusal into the error text next-auth passes on. */
export function encodeLoginError(error: LoginError): string {
  const { code, message, details } = error;
  return JSON.stringify(
    details ? { code, message, details } : { code, message },
  );
}

/**
 * Unpacks the error text the form got. Anything that is not one of ours
 * (next-auth's own codes, a bare sentence) keeps its text as the message.
 */
export function decodeLoginError(text: string | null | undefined): LoginError {
  if (!text || text === 'CredentialsSignin') {
    return {
      code: 'CORE_AUTH_FAILED',
      message: 'The user name or password is not correct',
    };
  }
  try {
    const parsed = JSON.parse(text) as Partial<LoginError>;
    if (typeof parsed.code === 'string' && typeof parsed.message === 'string') {
      const { code, message, details } = parsed;
      return isRecord(details) ? { code, message, details } : { code, message };
    }
  } catch {
    // Not JSON: a plain sentence or a next-auth code.
  }
  if (/^[A-Z][A-Za-z]+$/.test(text)) {
    return {
      code: 'WEB_LOGIN_FAILED',
      message: 'Login failed; try again in a moment',
    };
  }
  return { code: 'WEB_LOGIN_FAILED', message: text };
}

const ISO_TIME =
  /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\b/g;

/**
 * The refusal's words with each ISO 8601 time in them (the start of the
 * other session, in UTC) written as a readable local time, e.g. "since
 * 4 Dec 2026, 18:58". `timeZone` is for tests; the browser's own is used
 * otherwise.
 */
export function showTimesLocally(
  message: string,
  locale?: string,
  timeZone?: string,
): string {
  const format = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  });
  return message.replace(ISO_TIME, (iso) => {
    const time = new Date(iso);
    return Number.isNaN(time.getTime()) ? iso : format.format(time);
  });
}

/**
 * The words the login form shows for a refusal. A lock-out says how long
 * it lasts, from the Core Server's lockedUntil, in the browser's own time:
 * "… Try again in 1 minute (at 14:02)." or "… until an administrator
 * unlocks it."; the day is named too when the lock ends on another day.
 * Any other refusal is the Core Server's words with times made local.
 * `timeZone` is for tests; the browser's own is used otherwise.
 */
export function describeLoginError(
  error: LoginError,
  now = new Date(),
  locale?: string,
  timeZone?: string,
): string {
  const until = error.details?.lockedUntil;
  if (error.code !== ACCOUNT_LOCKED || until === undefined) {
    return showTimesLocally(error.message, locale, timeZone);
  }
  if (until === null) {
    return 'This account is locked after too many failed logins, until an administrator unlocks it.';
  }
  const end = typeof until === 'string' ? new Date(until) : null;
  if (!end || Number.isNaN(end.getTime())) {
    return showTimesLocally(error.message, locale, timeZone);
  }
  const wait = describeWait(end.getTime() - now.getTime());
  const at = formatEnd(end, now, locale, timeZone);
  return `This account is locked after too many failed logins. Try again in ${wait} (at ${at}).`;
}

// Rounded up, so the user is never told to come back before the end.
function describeWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 120) return plural(minutes, 'minute');
  return plural(Math.ceil(minutes / 60), 'hour');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

// The time of day alone when the lock ends today, else the date as well.
function formatEnd(
  end: Date,
  now: Date,
  locale: string | undefined,
  timeZone: string | undefined,
): string {
  const zone = timeZone ? { timeZone } : {};
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...zone });
  const sameDay = day.format(end) === day.format(now);
  return new Intl.DateTimeFormat(locale, {
    ...(sameDay ? {} : { dateStyle: 'medium' }),
    timeStyle: 'short',
    ...zone,
  }).format(end);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether the password field should be emptied after this refusal: always,
 * except when the user may still go on with the same password (ending the
 * session elsewhere).
 */
export function clearsPassword(error: LoginError): boolean {
  return error.code !== ALREADY_LOGGED_IN;
}
