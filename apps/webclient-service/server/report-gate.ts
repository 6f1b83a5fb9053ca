import type { IncomingMessage } from 'node:http';
import {
  AtriumError,
  REPORT_PATH_PREFIX,
  REPORT_TOKEN_HEADER,
} from '@atrium/protocol';
import type { BrowserAuthenticator, BrowserIdentity } from './browser-auth.js';

/** The path prefix proxied to the report server. */
export const REPORT_PREFIX = REPORT_PATH_PREFIX;

// Identity the report server could be told by a browser instead of by this
// service. The forwarding headers are already the service's own (see
// setForwarding); these are dropped before anything is sent on.
const IDENTITY_HEADERS = [
  REPORT_TOKEN_HEADER,
  'x-atrium-user',
  'x-forwarded-user',
  'authorization',
];

/** Why a /report/ request is refused, with its HTTP status. */
export interface ReportRefusal {
  status: number;
  /** The error code of the refusal, for the log. */
  code: string;
  reason: string;
  /**
   * `path`: the path is not plain. `login`: there is no live session (or
   * it ended), so logging in would help. `renew`: the session lives but
   * its Core Server token ran out; the app's pages renew it.
   */
  cause: 'path' | 'login' | 'renew';
}

/** The gate's finding on one /report/ request. */
export interface ReportCheck {
  /** Why it is refused; null when it may be sent on. */
  refusal: ReportRefusal | null;
  /** The user of the browser's live session; '' when there is none. */
  userId: string;
}

/**
 * Checks a /report/ request or upgrade before it is proxied: the path must
 * be plain (see isPlainPath), and the browser must carry a live next-auth
 * session. Every identity header the browser sent is removed, and the
 * user's Core Server token from the session is put in REPORT_TOKEN_HEADER:
 * the report server checks its signature and reads the study with it, so
 * it trusts no header a browser can write. The session is read even for a
 * path refused, so the log can say whose request it was.
 */
export async function checkReportRequest(
  req: IncomingMessage,
  auth: BrowserAuthenticator,
): Promise<ReportCheck> {
  for (const name of IDENTITY_HEADERS) delete req.headers[name];

  let identity: BrowserIdentity | null = null;
  let failure: unknown = null;
  try {
    identity = await auth.identify(req.headers);
  } catch (error) {
    failure = error;
  }
  const userId = identity?.userId ?? '';

  const url = req.url ?? '';
  const path = url.split('?')[0] ?? '';
  // A `#` in the query would be dropped on the way as well.
  if (url.includes('#') || !isPlainPath(path)) {
    const reason = 'The report path is not a plain path';
    const code = 'WEB_BAD_REQUEST';
    return { refusal: { status: 400, code, reason, cause: 'path' }, userId };
  }
  if (identity) {
    req.headers[REPORT_TOKEN_HEADER] = identity.coreToken;
    return { refusal: null, userId };
  }
  if (
    failure instanceof AtriumError &&
    failure.code === 'WEB_SESSION_EXPIRED'
  ) {
    const reason =
      'Your login needs renewing: return to Atrium and open the report again';
    const code = 'WEB_SESSION_EXPIRED';
    return { refusal: { status: 401, code, reason, cause: 'renew' }, userId };
  }
  const [code, reason] = ['WEB_UNAUTHENTICATED', 'Log in to see reports'];
  return { refusal: { status: 401, code, reason, cause: 'login' }, userId };
}

/**
 * Whether the report server would be sent the very path checked here.
 * http-proxy joins the target with the path and collapses every run of
 * slashes, and url.parse drops a raw `#` and what follows; either would
 * make `/report//study/x` or `/report/study/1.2#3` reach it as another
 * path than the gate saw. So besides `..` and `.` segments (raw or
 * encoded) and encoded slashes and backslashes, an empty segment (but a
 * trailing slash) and any `#` are refused.
 */
function isPlainPath(path: string): boolean {
  if (/%2f|%5c|\\|#/i.test(path)) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  const segments = decoded.split('/');
  // The leading slash gives an empty first segment, a trailing one an
  // empty last; any other empty segment is a doubled slash.
  if (segments.slice(1, -1).includes('')) return false;
  return !segments.some((segment) => segment === '..' || segment === '.');
}
