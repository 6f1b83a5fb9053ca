/**
 * Leaving a session the server has ended (logout in another tab, a login
 * elsewhere, suspension, idle timeout): the next-auth cookie is dropped
 * first, or the login page would take the stale cookie for a live session
 * and send the user straight back. Browser only.
 */
import { signOut } from 'next-auth/react';
import { closeWorkerLink } from './viewer/worker-link';

/** Drops the local session and shows the login page with `message`. */
export async function leaveEndedSession(message: string): Promise<void> {
  closeWorkerLink();
  await signOut({ redirect: false }).catch(() => undefined);
  window.location.replace(`/login?notice=${encodeURIComponent(message)}`);
}
