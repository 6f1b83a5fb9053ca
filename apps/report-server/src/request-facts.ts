import type { IncomingMessage } from 'node:http';
import { reportError } from './errors.js';

// The image index keeps UIDs as found in the files (spaces and other
// characters included) up to 256 characters, and every study it lists must
// have a report: anything but a control character or a slash is taken.
// Known limit: a UID holding a slash cannot be named in a path; the proxy
// refuses encoded slashes before it would get here.
const STUDY_UID = /^[^\p{Cc}/]{1,256}$/u;

/** The `study` query parameter of a live socket request, checked. */
export function readStudyUid(req: IncomingMessage): string {
  const url = new URL(req.url ?? '/', 'http://report.invalid');
  return checkStudyUid(url.searchParams.get('study') ?? '');
}

/** A Study Instance UID taken from a path or query, checked. */
export function checkStudyUid(value: string): string {
  if (!STUDY_UID.test(value)) {
    throw reportError(
      'REPORT_BAD_REQUEST',
      'The address does not name a study (a Study Instance UID)',
    );
  }
  return value;
}

/**
 * Who asked, for the log: the browser's address as the WebClient Service
 * forwarded it, and the address the request came from. The service
 * replaces any forwarding header a browser sends, so the first entry is
 * the one it saw.
 */
export function clientOf(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header[0] : header)
    ?.split(',')[0]
    ?.trim();
  return forwarded && forwarded !== peer ? `${forwarded} via ${peer}` : peer;
}
