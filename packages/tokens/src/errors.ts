import { defineErrors, type ErrorRegistry } from '@atrium/protocol';

/** Error codes of the token package. */
export const tokenErrors = {
  TOK_EXPIRED: {
    message: 'The session token has expired; log in again',
    status: 401,
    expose: true,
  },
  TOK_INVALID: {
    message: 'The session token is not valid',
    status: 401,
    expose: true,
  },
  TOK_KEY_UNREADABLE: {
    message: 'The token signing key could not be read',
    status: 500,
    expose: false,
  },
  TOK_CLAIMS_INVALID: {
    message: 'The claims given for a token are not valid',
    status: 500,
    expose: false,
  },
} as const satisfies ErrorRegistry<string>;

export type TokenErrorCode = keyof typeof tokenErrors;

/** Builds an AtriumError for one of the token package's codes. */
export const tokenError = defineErrors<TokenErrorCode>(tokenErrors);
