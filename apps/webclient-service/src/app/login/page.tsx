import { redirect } from 'next/navigation';
import { LoginForm } from '../../components/auth/LoginForm';
import { readSession } from '../../lib/server/auth';
import { safeReturnPath } from '../../lib/return-path';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The login page; a logged-in visitor goes straight on. */
export default async function LoginPage({
  searchParams,
}: {
  searchParams: SearchParams;
}) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(first(params.callbackUrl));
  if (await readSession()) redirect(callbackUrl);

  return (
    <main className="login-page">
      <LoginForm
        callbackUrl={callbackUrl}
        notice={first(params.notice) ?? null}
        username={first(params.username)?.slice(0, 64) ?? ''}
      />
    </main>
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
