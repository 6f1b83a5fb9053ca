import type { KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AtriumError, REPORT_TOKEN_HEADER } from '@atrium/protocol';
import { verifyToken, type TokenClaims } from '@atrium/tokens';
import { reportError } from './errors.js';

/** A request's user, as the WebClient Service vouched for it. */
export interface ReportIdentity {
  /** The Core Server token the service passed on. */
  token: string;
  claims: TokenClaims;
}

// A JWT of three base64url parts; anything else is refused before the
// signature check.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 8192;

/**
 * Reads the user of a request from the token the WebClient Service put in
 * REPORT_TOKEN_HEADER, checking its signature against the Core Server's
 * public key. A request without it fails with REPORT_NO_IDENTITY; one
 * whose token is forged, altered, repeated or expired with
 * REPORT_IDENTITY_REFUSED. Whether the session behind a valid token is
 * still live is the Core Server's to say, at the first read.
 */
export async function verifyIdentity(
  headers: IncomingHttpHeaders,
  publicKey: KeyObject,
): Promise<ReportIdentity> {
  const value = headers[REPORT_TOKEN_HEADER];
  if (value === undefined || value === '') {
    throw reportError('REPORT_NO_IDENTITY');
  }
  // Node joins repeated headers of this kind with ', '; two identities on
  // one request mean someone added one.
  if (
    typeof value !== 'string' ||
    value.length > MAX_TOKEN_LENGTH ||
    !TOKEN_SHAPE.test(value)
  ) {
    throw reportError('REPORT_IDENTITY_REFUSED');
  }

  try {
    return { token: value, claims: await verifyToken(value, publicKey) };
  } catch (error) {
    if (error instanceof AtriumError && error.code === 'TOK_EXPIRED') {
      throw reportError(
        'REPORT_IDENTITY_REFUSED',
        'Your login token has run out; reload the page',
      );
    }
    throw reportError('REPORT_IDENTITY_REFUSED');
  }
}
