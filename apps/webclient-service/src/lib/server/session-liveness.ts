/**
 * Whether the Core Server session behind a next-auth JWT still lives. The
 * JWT is a cookie the browser keeps: a copy kept after logout, or a
 * session the Core Server has ended (logout elsewhere, suspension, idle),
 * must not show a logged-in page. Server only.
 */
import { checkSessionAtCore, isSessionOver } from './core-session';

/** A live session is asked about again after this long (ms). */
const RECHECK_AFTER_MS = 15_000;
/** Sessions remembered; the oldest are forgotten beyond this. */
const REMEMBERED = 10_000;

const ended = new Set<string>();
const checkedAt = new Map<string, number>();

/** Remembers that a session ended here (this service's own logout). */
export function markSessionEnded(coreSessionId: string): void {
  remember(ended, coreSessionId);
  checkedAt.delete(coreSessionId);
}

/**
 * Whether the session has ended: known here, or said so by the Core
 * Server, which is asked at most every RECHECK_AFTER_MS per session. A
 * Core Server that cannot be reached ends nothing (it may be restarting).
 */
export async function hasSessionEnded(
  coreSessionId: string,
  coreToken: string,
): Promise<boolean> {
  if (ended.has(coreSessionId)) return true;
  const last = checkedAt.get(coreSessionId);
  if (last !== undefined && Date.now() - last < RECHECK_AFTER_MS) return false;

  try {
    await checkSessionAtCore(coreToken);
    checkedAt.delete(coreSessionId);
    remember(checkedAt, coreSessionId, Date.now());
    return false;
  } catch (error) {
    if (!isSessionOver(error)) return false;
    markSessionEnded(coreSessionId);
    return true;
  }
}

function remember(
  into: Set<string> | Map<string, number>,
  key: string,
  value = 0,
): void {
  if (into instanceof Set) into.add(key);
  else into.set(key, value);
  if (into.size <= REMEMBERED) return;
  const oldest = into.keys().next().value;
  if (oldest !== undefined) into.delete(oldest);
}
