'use client';

import { signOut } from 'next-auth/react';
import { useEffect } from 'react';
import { endWorkerSession } from '../../lib/viewer/end-session';

/**
 * A launch link named another user than the one logged in: that user is
 * logged out (worker first, then next-auth and the Core Server), and the
 * login form opens with the named user filled in.
 */
export function LaunchSwitchUser({
  loginPath,
  username,
}: {
  loginPath: string;
  username: string;
}) {
  useEffect(() => {
    void (async () => {
      await endWorkerSession().catch(() => undefined);
      await signOut({ callbackUrl: loginPath });
    })();
  }, [loginPath]);

  return (
    <main className="login-page">
      <p role="status">Logging out to open this study as {username}…</p>
    </main>
  );
}
