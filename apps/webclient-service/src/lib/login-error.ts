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
}

/** The code of a login refused because the user is logged in elsewhere. */
export const ALREADY_LOGGED_IN = 'CORE_ALREADY_LOGGED_IN';

/** Packs a refusal into the error text next-auth passes on. */
export function encodeLoginError(error: LoginError): string {
  return JSON.stringify({ code: error.code, message: error.message });
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
      return { code: parsed.code, message: parsed.message };
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
 * Whether the password field should be emptied after this refusal: always,
 * except when the user may still go on with the same password (ending the
 * session elsewhere).
 */
export function clearsPassword(error: LoginError): boolean {
  return error.code !== ALREADY_LOGGED_IN;
}
