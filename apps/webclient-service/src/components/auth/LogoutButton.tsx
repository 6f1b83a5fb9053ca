'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { endWorkerSession } from '../../lib/viewer/end-session';

/**
 * Logs out: first asks the service to stop this session's worker, then
 * ends the next-auth session, which also logs out of the Core Server.
 */
export function LogoutButton() {
  const [busy, setBusy] = useState(false);

  async function logOut() {
    setBusy(true);
    await endWorkerSession();
    await signOut({ callbackUrl: '/login' });
  }

  return (
    <button type="button" onClick={logOut} disabled={busy}>
      Log out
    </button>
  );
}
