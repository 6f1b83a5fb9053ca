'use client';

import { useEffect } from 'react';
import { leaveEndedSession } from '../../lib/session-end';
import { refreshSession } from '../../lib/session-refresh';

/** How often an open page checks (and so renews) its session, in ms. */
const CHECK_INTERVAL_MS = 60_000;

/**
 * Renews the Core Server token while a logged-in page is open, and sends
 * the user to the login page once the session has ended elsewhere
 * (logout in another tab, suspension, idle timeout).
 */
export function SessionKeeper() {
  useEffect(() => {
    const timer = setInterval(async () => {
      if (await refreshSession()) return;
      await leaveEndedSession('Your session has ended; log in again');
    }, CHECK_INTERVAL_MS);
    return () => clearInterval(timer);
  }, []);

  return null;
}
