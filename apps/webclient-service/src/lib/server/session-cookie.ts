/**
 * Reading the next-auth session of a route request outside next-auth's own
 * handler: the study-list route needs the Core Server token it holds.
 * Server only.
 */
import { getToken, type JWT } from 'next-auth/jwt';
import type { NextRequest } from 'next/server';
import type { WebAuthJwtFields } from '@atrium/protocol';

/**
 * The session cookie's names: next-auth uses the `__Secure-` one on HTTPS
 * and the plain one on HTTP; a browser may carry either.
 */
export const SESSION_COOKIE_NAMES = [
  '__Secure-next-auth.session-token',
  'next-auth.session-token',
] as const;

/** The decoded session JWT with the Atrium fields. */
export type AtriumSessionJwt = JWT & WebAuthJwtFields;

const quiet = { error() {}, warn() {}, debug() {} };

/**
 * Decodes the request's session JWT, or returns null when there is none,
 * it does not decrypt with `secret`, or it holds no Core Server token.
 */
export async function readSessionJwt(
  request: NextRequest,
  secret: string,
): Promise<AtriumSessionJwt | null> {
  for (const cookieName of SESSION_COOKIE_NAMES) {
    const jwt = await getToken({
      req: request,
      secret,
      cookieName,
      logger: quiet,
    });
    if (jwt && typeof jwt.coreToken === 'string')
      return jwt as AtriumSessionJwt;
  }
  return null;
}
