/**
 * Ending the tab's worker session before logout, without opening a socket
 * just to close it. Browser only.
 */
import { closeWorkerLink, peekWorkerLink } from './worker-link';

/** Stops the session's worker (if this tab has a link) and closes the link. */
export async function endWorkerSession(): Promise<void> {
  const link = peekWorkerLink();
  if (!link) return;
  await link.endSession();
  closeWorkerLink();
}
