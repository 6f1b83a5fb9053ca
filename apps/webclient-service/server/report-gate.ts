import type { IncomingMessage } from 'node:http';
import type { BrowserAuthenticator } from './browser-auth.js';

/** The path prefix proxied to the report server. */
export const REPORT_PREFIX = '/report/';

// Identity the report server could be told by a browser instead of by this
// service. The forwarding headers are already the service's own (see
// setForwarding); these are dropped before the proxy sends anything on.
const IDENTITY_HEADERS = ['x-atrium-user', 'x-forwarded-user', 'authorization'];

/** Why a /report/ request is refused, with its HTTP status. */
export interface ReportRefusal {
  status: number;
  reason: string;
}

/**
 * Checks a /report/ request or upgrade before it is proxied: the path must
 * hold no `..` segment (raw or percent-encoded) nor an encoded slash or
 * backslash, and the browser must carry a live next-auth session.
 * Browser-supplied identity headers are removed. Until the report server
 * verifies the user itself (issue 4 §3), the session check here is the only
 * gate: this service passes no identity on yet.
 */
export async function checkReportRequest(
  req: IncomingMessage,
  auth: BrowserAuthenticator,
): Promise<ReportRefusal | null> {
  for (const name of IDENTITY_HEADERS) delete req.headers[name];

  const path = (req.url ?? '').split('?')[0] ?? '';
  if (!isPlainPath(path)) {
    return { status: 400, reason: 'The report path is not a plain path' };
  }
  try {
    await auth.identify(req.headers);
    return null;
  } catch {
    return { status: 401, reason: 'Log in to see reports' };
  }
}

function isPlainPath(path: string): boolean {
  if (/%2f|%5c|\\/i.test(path)) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  return !decoded
    .split('/')
    .some((segment) => segment === '..' || segment === '.');
}
