/**
 * Guards a logged-in page: the visitor without a session goes to the login
 * page, which brings them back here afterwards. Server only.
 */
import { redirect } from 'next/navigation';
import { readSession, type AtriumSessionUser } from './auth';

/**
 * The session user, or a redirect to /login that returns to `path`. A user
 * whose password must change goes to /change-password first: the Core
 * Server refuses them everything else until then.
 */
export async function requireSession(path: string): Promise<AtriumSessionUser> {
  const user = await readSession();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  if (user.mustChangePassword && !path.startsWith(CHANGE_PASSWORD_PATH)) {
    redirect(`${CHANGE_PASSWORD_PATH}?callbackUrl=${encodeURIComponent(path)}`);
  }
  return user;
}

/** The page where a user changes their password. */
export const CHANGE_PASSWORD_PATH = '/change-password';
