'use client';

import { useEffect } from 'react';
import { leaveEndedSession } from '../../lib/session-end';
import { getWorkerLink } from '../../lib/viewer/worker-link';

/**
 * Opens the tab's socket (which starts the session's render worker) and
 * leaves for the login page when the service says the session has ended
 * or refuses the socket.
 */
export function useSessionEnd(): void {
  useEffect(() => {
    const link = getWorkerLink();
    const stops = [
      link.on(
        'session-ended',
        (event) => void leaveEndedSession(event.message),
      ),
      link.on(
        'refused',
        () => void leaveEndedSession('Your session has ended; log in again'),
      ),
    ];
    return () => stops.forEach((stop) => stop());
  }, []);
}
