/** What a session token says about its holder. */
export interface TokenClaims {
  userId: string;
  roles: string[];
  permissions: string[];
  sessionId: string;
  /** When the token was signed. */
  issuedAt: Date;
  /** When the token stops being accepted. */
  expiresAt: Date;
}

/** The claims a caller chooses when signing; the times are set by signing. */
export type NewTokenClaims = Omit<TokenClaims, 'issuedAt' | 'expiresAt'>;

/** Issuer and audience written into, and required of, every token. */
export const TOKEN_ISSUER = 'atrium-core';
export const TOKEN_AUDIENCE = 'atrium';

/** Signing algorithm of Atrium tokens (ECDSA P-256 with SHA-256). */
export const TOKEN_ALGORITHM = 'ES256';

/** Token lifetime when the caller names none. */
export const DEFAULT_TOKEN_MINUTES = 15;
