/**
 * Keeping the login alive from the browser: asking next-auth for the
 * session runs its jwt callback, which renews the Core Server token when it
 * is due and stores it in the session cookie. Browser only.
 */

/** Checks (and so renews) the session; false when it has ended. */
export async function refreshSession(): Promise<boolean> {
  try {
    const response = await fetch('/api/auth/session', { cache: 'no-store' });
    if (!response.ok) return false;
    const body = (await response.json()) as { atrium?: unknown } | null;
    return Boolean(body && body.atrium);
  } catch {
    // Offline for a moment is not a logout.
    return true;
  }
}
