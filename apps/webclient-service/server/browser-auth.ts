import type { KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AtriumError } from '@atrium/protocol';
import { verifyToken } from '@atrium/tokens';
import { getToken } from 'next-auth/jwt';
import { webError } from './errors.js';

/** Who a browser socket belongs to. */
export interface BrowserIdentity {
  userId: string;
  /** The Core Server's session id (the token's `sid`). */
  coreSessionId: string;
  /** The Core Server token from the next-auth session. */
  coreToken: string;
  expiresAt: Date;
}

// next-auth names its cookie with the __Secure- prefix when the site runs
// on HTTPS; a browser may carry either, so both are tried.
const COOKIE_NAMES = [
  '__Secure-next-auth.session-token',
  'next-auth.session-token',
];

/**
 * Reads the next-auth session of a request (the encrypted JWT in its
 * cookie, decrypted with the next-auth secret) and checks the Core Server
 * token inside it against the Core Server's public key.
 */
export class BrowserAuthenticator {
  readonly #secret: string;
  readonly #publicKey: KeyObject;

  constructor(nextAuthSecret: string, tokenPublicKey: KeyObject) {
    this.#secret = nextAuthSecret;
    this.#publicKey = tokenPublicKey;
  }

  /**
   * Throws WEB_UNAUTHENTICATED without a readable session and
   * WEB_SESSION_EXPIRED when its Core Server token is no longer valid.
   */
  async identify(headers: IncomingHttpHeaders): Promise<BrowserIdentity> {
    const jwt = await this.#readSession(headers);
    const coreToken = jwt?.coreToken;
    if (typeof coreToken !== 'string' || !coreToken) {
      throw webError('WEB_UNAUTHENTICATED');
    }

    try {
      const claims = await verifyToken(coreToken, this.#publicKey);
      return {
        userId: claims.userId,
        coreSessionId: claims.sessionId,
        coreToken,
        expiresAt: claims.expiresAt,
      };
    } catch (error) {
      if (error instanceof AtriumError && error.code === 'TOK_EXPIRED') {
        throw webError('WEB_SESSION_EXPIRED');
      }
      throw webError('WEB_UNAUTHENTICATED');
    }
  }

  async #readSession(
    headers: IncomingHttpHeaders,
  ): Promise<Record<string, unknown> | null> {
    if (!headers.cookie) return null;
    // next-auth reads cookies from a parsed object, as Next hands them over;
    // a plain Node request has only the header.
    const cookies = parseCookies(headers.cookie);
    for (const cookieName of COOKIE_NAMES) {
      const jwt = await getToken({
        req: { headers, cookies } as never,
        secret: this.#secret,
        cookieName,
        logger: silentLogger,
      });
      if (jwt) return jwt as Record<string, unknown>;
    }
    return null;
  }
}

function parseCookies(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 1) continue;
    const name = part.slice(0, at).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      // A cookie that is not valid URL encoding is not one of ours.
    }
  }
  return cookies;
}

const silentLogger = { error() {}, warn() {}, debug() {} } as never;
