/**
 * Guards a logged-in page: the visitor without a session goes to the login
 * page, which brings them back here afterwards. Server only.
 */
import { redirect } from 'next/navigation';
import { readSession, type AtriumSessionUser } from './auth';

/** The session user, or a redirect to /login that returns to `path`. */
export async function requireSession(path: string): Promise<AtriumSessionUser> {
  const user = await readSession();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  return user;
}
