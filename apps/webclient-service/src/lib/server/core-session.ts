/**
 * The Next app's calls to the Core Server: log in, renew, log out and list
 * studies, each on a short connection of its own bound to the user's
 * session by their token. Server only.
 */
import { CoreClient } from '@atrium/core-client';
import type {
  AttachTokenResult,
  AuthenticateResult,
  ListStudiesParams,
  ListStudiesResult,
  RenewTokenResult,
} from '@atrium/protocol';
import { readWebSettings } from './web-settings';

/** Core Server codes meaning the user's session is over: log in again. */
const SESSION_OVER_CODES = new Set([
  'CORE_SESSION_ENDED',
  'CORE_TOKEN_EXPIRED',
  'CORE_TOKEN_INVALID',
  'CORE_NOT_AUTHENTICATED',
  'CORE_ACCOUNT_SUSPENDED',
]);

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  CORE_PERMISSION_DENIED: 403,
  CORE_QUERY_INVALID: 400,
  CORE_INVALID_PARAMS: 400,
  CORE_PASSWORD_REJECTED: 400,
  CORE_AUTH_FAILED: 400,
};

/**
 * Logs in; rejects with the Core Server's error (code and message). With
 * `closeOtherSessions` a live session of the same user elsewhere is ended
 * rather than refusing the login (the Core Server allows one per user).
 * `forwardedFor` is the browser's address, which the Core Server logs as
 * the login's client (with this service's address beside it).
 */
export function authenticateAtCore(
  username: string,
  password: string,
  options: { closeOtherSessions?: boolean; forwardedFor?: string } = {},
): Promise<AuthenticateResult> {
  // This connection closes right after, so nothing keeps the session on
  // it: the plain call suffices, and it carries forwardedFor.
  return withCore((client) =>
    client.call('Authenticate', {
      username,
      password,
      ...(options.closeOtherSessions !== undefined && {
        closeOtherSessions: options.closeOtherSessions,
      }),
      ...(options.forwardedFor !== undefined && {
        forwardedFor: options.forwardedFor,
      }),
    }),
  );
}

/** A fresh token for the session of `token`. */
export function renewAtCore(token: string): Promise<RenewTokenResult> {
  return withCore(async (client) => {
    await client.attachToken(token);
    return client.renewToken();
  });
}

/**
 * Ends the session of `token` at the Core Server, which closes every
 * connection attached to it (the render worker's too). A session already
 * over, or a Core Server that cannot be reached, is not an error here: the
 * browser's logout goes on either way.
 */
export async function logoutAtCore(token: string): Promise<void> {
  await withCore(async (client) => {
    await client.attachToken(token);
    await client.logout();
  }).catch(() => undefined);
}

/** One page of the study list, with the user's own permissions. */
export function listStudiesAtCore(
  token: string,
  params: ListStudiesParams,
): Promise<ListStudiesResult> {
  return withCore(async (client) => {
    await client.attachToken(token);
    return client.listStudies(params);
  });
}

/** The session of `token` as the Core Server sees it now. */
export function checkSessionAtCore(token: string): Promise<AttachTokenResult> {
  return withCore((client) => client.attachToken(token));
}

/**
 * Changes the password of the user of `token`; rejects with the Core
 * Server's error (a wrong current password, a password the rules refuse).
 */
export function changePasswordAtCore(
  token: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  return withCore(async (client) => {
    await client.attachToken(token);
    await client.call('ChangePassword', { currentPassword, newPassword });
  });
}

/** Whether an error means the user's session has ended. */
export function isSessionOver(error: unknown): boolean {
  return SESSION_OVER_CODES.has(codeOf(error));
}

/**
 * The words to show a user for a failed call: the Core Server's own
 * message for its CORE_ codes (lock-out, suspension, wrong password), a
 * plain sentence when it cannot be reached, and nothing internal.
 */
export function describeCoreFailure(error: unknown): string {
  const code = codeOf(error);
  if (code.startsWith('CORE_')) return (error as Error).message;
  if (code === 'CCL_CONNECT_FAILED' || code === 'CCL_CLOSED') {
    return 'The Core Server cannot be reached; try again in a moment';
  }
  if (code === 'CCL_TIMEOUT') return 'The Core Server did not answer in time';
  return 'Something went wrong on the server; try again in a moment';
}

/** The HTTP status a route answers a failed Core Server call with. */
export function statusOfCoreFailure(error: unknown): number {
  const code = codeOf(error);
  if (STATUS_BY_CODE[code]) return STATUS_BY_CODE[code];
  if (code.startsWith('CCL_')) return 502;
  return 500;
}

async function withCore<T>(
  use: (client: CoreClient) => Promise<T>,
): Promise<T> {
  const { coreServerHost, coreServerPort } = await readWebSettings();
  const client = await CoreClient.connect(
    coreUrl(coreServerHost, coreServerPort),
    {
      connectTimeoutMs: 5_000,
      timeoutMs: 15_000,
    },
  );
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

function coreUrl(host: string, port: number): string {
  const name = host.includes(':') ? `[${host}]` : host;
  return `ws://${name}:${port}`;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}
