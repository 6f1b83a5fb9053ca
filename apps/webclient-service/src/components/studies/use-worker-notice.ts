'use client';

import { useEffect, useState } from 'react';
import { describeSocketRefusal } from '../../lib/socket-refusal';
import { getWorkerLink } from '../../lib/viewer/worker-link';
import { useSessionEnd } from '../auth/use-session-end';

/**
 * Opens the tab's socket as soon as the study list shows, so the session's
 * render worker is starting while the user searches; returns a sentence to
 * show when the service cannot give this session a worker or refuses this
 * tab's socket.
 */
export function useWorkerNotice(): string | null {
  const [notice, setNotice] = useState<string | null>(null);
  useSessionEnd();

  useEffect(() => {
    const link = getWorkerLink();
    const stops = [
      link.on('server-full', (event) => setNotice(event.message)),
      link.on('socket-refused', (error) =>
        setNotice(describeSocketRefusal(error)),
      ),
      link.on('status', (status) => {
        if (status === 'ready') setNotice(null);
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }, []);

  return notice;
}
