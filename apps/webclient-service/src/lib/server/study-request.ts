/**
 * Study-request URLs: a launch link may name, instead of a study, an
 * endpoint of the hospital's own systems that says which user and which
 * study to open (`study-request-url=`). Only endpoints on the
 * administrator's allow-list (`studyrequesturls` in webclient_service.ini)
 * are called. Server only.
 *
 * The endpoint answers JSON: `{ "username": ..., "studyuid": ... }` or
 * `{ "username": ..., "accession": ... }` (username optional); the answer is
 * read by the same rules as a launch link, so a password in it is refused.
 */
import { readLaunchRequest, type LaunchRequest } from '../launch-request';

/** How long the endpoint may take, and how much it may answer. */
const ASK_TIMEOUT_MS = 5_000;
const MAX_ANSWER_BYTES = 16 * 1024;

/**
 * Whether `url` lies under one of the allow-list's URL prefixes: same
 * scheme, host and port, and a path under the prefix's path. A URL with
 * user info is never allowed.
 */
export function isAllowedEndpoint(url: string, allowList: string): boolean {
  const target = parseHttpUrl(url);
  if (!target || target.username || target.password) return false;
  return allowList
    .split(/\s+/)
    .filter(Boolean)
    .some((entry) => {
      const prefix = parseHttpUrl(entry);
      if (!prefix || prefix.origin !== target.origin) return false;
      const base = prefix.pathname.endsWith('/')
        ? prefix.pathname
        : `${prefix.pathname}/`;
      return (
        target.pathname === prefix.pathname || target.pathname.startsWith(base)
      );
    });
}

/**
 * Asks an allowed endpoint which user and study to open. Resolves with the
 * launch it describes, or a refusal that says what went wrong. Redirects
 * are not followed: they could lead off the allow-list.
 */
export async function askStudyRequest(
  url: string,
  allowList: string,
): Promise<LaunchRequest> {
  if (!isAllowedEndpoint(url, allowList)) {
    return refuse(
      'The study-request-url of this link is not on the list of endpoints the administrator allows.',
    );
  }

  let text: string;
  try {
    const answer = await fetch(url, {
      redirect: 'error',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(ASK_TIMEOUT_MS),
    });
    if (!answer.ok) {
      return refuse(
        `The study-request endpoint answered HTTP ${answer.status}.`,
      );
    }
    text = await answer.text();
  } catch (error) {
    return refuse(
      `The study-request endpoint could not be asked: ${(error as Error).message}`,
    );
  }
  if (text.length > MAX_ANSWER_BYTES) {
    return refuse('The study-request endpoint answered too much.');
  }

  let fields: unknown;
  try {
    fields = JSON.parse(text);
  } catch {
    return refuse('The study-request endpoint did not answer JSON.');
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    return refuse('The study-request endpoint did not answer a JSON object.');
  }
  const params = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => typeof value === 'string'),
  ) as Record<string, string>;
  if ('study-request-url' in params || 'unload-study' in params) {
    return refuse('The study-request endpoint must name a study.');
  }
  return readLaunchRequest(params);
}

function parseHttpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

function refuse(message: string): LaunchRequest {
  return { kind: 'refused', message };
}
