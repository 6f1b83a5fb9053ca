import { defineErrors, type ErrorRegistry } from '@atrium/protocol';

/** Error codes raised by the client itself (not sent by the server). */
export const coreClientErrors = {
  CCL_CONNECT_FAILED: {
    message: 'Could not connect to the Core Server',
    status: 502,
    expose: true,
  },
  CCL_CLOSED: {
    message: 'The connection to the Core Server closed before the answer came',
    status: 502,
    expose: true,
  },
  CCL_TIMEOUT: {
    message: 'The Core Server did not answer in time',
    status: 504,
    expose: true,
  },
  CCL_BAD_ANSWER: {
    message: 'The Core Server sent an answer this client cannot read',
    status: 502,
    expose: false,
  },
} as const satisfies ErrorRegistry<string>;

export type CoreClientErrorCode = keyof typeof coreClientErrors;

/** Builds an AtriumError for one of the client's codes. */
export const coreClientError =
  defineErrors<CoreClientErrorCode>(coreClientErrors);
