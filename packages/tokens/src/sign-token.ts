import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  DEFAULT_TOKEN_MINUTES,
  TOKEN_ALGORITHM,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type NewTokenClaims,
} from './claims.js';
import { tokenError } from './errors.js';

export interface SignOptions {
  /** Minutes until the token expires (default 15). */
  lifetimeMinutes?: number;
  /** The signing time; tests pass one to make expiry checkable. */
  now?: Date;
}

/** A signed token and its expiry. */
export interface SignedToken {
  token: string;
  expiresAt: Date;
}

/** Signs a short-lived ES256 session token. */
export async function signToken(
  claims: NewTokenClaims,
  privateKey: KeyObject,
  options: SignOptions = {},
): Promise<SignedToken> {
  const minutes = options.lifetimeMinutes ?? DEFAULT_TOKEN_MINUTES;
  if (!(minutes > 0)) {
    throw tokenError(
      'TOK_CLAIMS_INVALID',
      `Token lifetime must be above 0 minutes, got ${minutes}`,
    );
  }
  if (!claims.userId || !claims.sessionId) {
    throw tokenError(
      'TOK_CLAIMS_INVALID',
      'A token needs a user ID and a session ID',
    );
  }

  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const expiresAt = issuedAt + Math.round(minutes * 60);
  const token = await new SignJWT({
    roles: claims.roles,
    perms: claims.permissions,
    sid: claims.sessionId,
  })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(privateKey);
  return { token, expiresAt: new Date(expiresAt * 1000) };
}
