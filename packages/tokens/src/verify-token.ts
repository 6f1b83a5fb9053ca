import type { KeyObject } from 'node:crypto';
import { errors, jwtVerify, type JWTPayload } from 'jose';
import {
  TOKEN_ALGORITHM,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type TokenClaims,
} from './claims.js';
import { tokenError } from './errors.js';

export interface VerifyOptions {
  /** The time to check expiry against; tests pass one. */
  now?: Date;
}

/**
 * Checks a token's signature, issuer, audience and expiry and returns its
 * claims. Throws an AtriumError with code TOK_EXPIRED for a token that was
 * valid but has run out, and TOK_INVALID for anything else.
 */
export async function verifyToken(
  token: string,
  publicKey: KeyObject,
  options: VerifyOptions = {},
): Promise<TokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, publicKey, {
      algorithms: [TOKEN_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      currentDate: options.now,
      requiredClaims: ['sub', 'exp', 'iat', 'sid'],
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw tokenError('TOK_EXPIRED');
    throw tokenError('TOK_INVALID');
  }
  return readClaims(payload);
}

function readClaims(payload: JWTPayload): TokenClaims {
  const { sub, sid, roles, perms, iat, exp } = payload;
  if (
    typeof sub !== 'string' ||
    typeof sid !== 'string' ||
    !isStringArray(roles) ||
    !isStringArray(perms) ||
    typeof iat !== 'number' ||
    typeof exp !== 'number'
  ) {
    throw tokenError('TOK_INVALID');
  }
  return {
    userId: sub,
    sessionId: sid,
    roles,
    permissions: perms,
    issuedAt: new Date(iat * 1000),
    expiresAt: new Date(exp * 1000),
  };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
