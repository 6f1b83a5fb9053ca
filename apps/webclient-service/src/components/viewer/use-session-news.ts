'use client';

import { useEffect } from 'react';
import { describeSocketRefusal } from '../../lib/socket-refusal';
import { getWorkerLink } from '../../lib/viewer/worker-link';
import { useSessionEnd } from '../auth/use-session-end';
import type { PaneHandle } from './ViewportPane';

/**
 * Shows what happens to the session's worker, and leaves when the session
 * ends.
 */
export function useSessionNews(
  setBanner: (banner: string | null) => void,
  handles: { current: (PaneHandle | null)[] },
) {
  useSessionEnd();

  useEffect(() => {
    const link = getWorkerLink();
    let clearTimer: ReturnType<typeof setTimeout> | undefined;

    const stops = [
      link.on('worker-lost', () => {
        clearTimeout(clearTimer);
        setBanner('The rendering worker stopped; starting a new one…');
      }),
      link.on('worker-resumed', () => {
        setBanner('A new rendering worker took over; the viewer carries on.');
        handles.current.forEach((handle) => handle?.reload());
        clearTimer = setTimeout(() => setBanner(null), 4000);
      }),
      link.on('server-full', (event) => setBanner(event.message)),
      link.on('socket-refused', (error) => {
        clearTimeout(clearTimer);
        setBanner(describeSocketRefusal(error));
      }),
    ];
    return () => {
      clearTimeout(clearTimer);
      stops.forEach((stop) => stop());
    };
  }, [setBanner, handles]);
}
