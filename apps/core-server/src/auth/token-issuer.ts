import type { KeyObject } from 'node:crypto';
import { AtriumError } from '@atrium/protocol';
import {
  signToken,
  verifyToken,
  type NewTokenClaims,
  type SignedToken,
  type TokenClaims,
} from '@atrium/tokens';
import { coreError } from '../errors.js';

/**
 * Signs and checks the Core Server's session tokens with its key pair, and
 * turns token errors into the Core Server's own codes.
 */
export class TokenIssuer {
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #lifetimeMinutes: number;

  constructor(
    privateKey: KeyObject,
    publicKey: KeyObject,
    lifetimeMinutes: number,
  ) {
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    this.#lifetimeMinutes = lifetimeMinutes;
  }

  /** Signs a token that expires after the configured minutes. */
  issue(claims: NewTokenClaims): Promise<SignedToken> {
    return signToken(claims, this.#privateKey, {
      lifetimeMinutes: this.#lifetimeMinutes,
    });
  }

  /**
   * Returns the claims of a valid token; throws CORE_TOKEN_EXPIRED or
   * CORE_TOKEN_INVALID otherwise.
   */
  async check(token: unknown): Promise<TokenClaims> {
    if (typeof token !== 'string' || token.length > 8192) {
      throw coreError('CORE_TOKEN_INVALID');
    }
    try {
      return await verifyToken(token, this.#publicKey);
    } catch (err) {
      if (err instanceof AtriumError && err.code === 'TOK_EXPIRED') {
        throw coreError('CORE_TOKEN_EXPIRED');
      }
      throw coreError('CORE_TOKEN_INVALID');
    }
  }
}
