import { defineErrors, type ErrorRegistry } from '@atrium/protocol';

/** Error codes of the WebClient Service's custom server. */
export const webErrors = {
  WEB_UNAUTHENTICATED: {
    message: 'Log in to open this connection',
    status: 401,
    expose: true,
  },
  WEB_SESSION_EXPIRED: {
    message: 'Your session has ended; log in again',
    status: 401,
    expose: true,
  },
  WEB_SERVER_FULL: {
    message:
      'The server is busy: every render host is at capacity. Try again in a few minutes.',
    status: 503,
    expose: true,
  },
  WEB_NO_MANAGER: {
    message:
      'No render host is connected to the server; contact your administrator.',
    status: 503,
    expose: true,
  },
  WEB_WORKER_FAILED: {
    message: 'The render worker of this session failed repeatedly',
    status: 503,
    expose: true,
  },
  WEB_SESSION_ENDED: {
    message: 'This session has ended',
    status: 410,
    expose: true,
  },
  WEB_BAD_REQUEST: {
    message: 'The request is not valid',
    status: 400,
    expose: true,
  },
  WEB_BAD_TICKET: {
    message: 'The worker ticket is unknown, expired or already used',
    status: 401,
    expose: false,
  },
  WEB_BAD_SECRET: {
    message: 'The recruiter secret does not match recruitersecret',
    status: 401,
    expose: false,
  },
  WEB_DUPLICATE_WORKER_ID: {
    message: 'A Worker Manager with this workerId is already connected',
    status: 409,
    expose: false,
  },
  WEB_ALREADY_REGISTERED: {
    message: 'This link has already registered its Worker Manager',
    status: 409,
    expose: false,
  },
  WEB_TOO_MANY_REQUESTS: {
    message:
      'The server is busy with the images already asked for; ask again in a moment.',
    status: 503,
    expose: true,
  },
  WEB_TOO_MANY_SOCKETS: {
    message: 'This session has too many windows open; close one and try again.',
    status: 503,
    expose: true,
  },
  WEB_CORE_UNAVAILABLE: {
    message: 'The image server cannot be reached; try again in a moment.',
    status: 503,
    expose: true,
  },
  WEB_PORT_UNAVAILABLE: {
    message: 'A port of the WebClient Service cannot be bound',
    status: 500,
    expose: false,
  },
  WEB_TLS_SETTINGS: {
    message: 'The TLS settings of the WebClient Service are not usable',
    status: 500,
    expose: false,
  },
} as const satisfies ErrorRegistry<string>;

export type WebErrorCode = keyof typeof webErrors;

/** Builds an AtriumError with a WEB_ code. */
export const webError = defineErrors<WebErrorCode>(webErrors);
