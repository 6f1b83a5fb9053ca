import { ChangePasswordForm } from '../../components/auth/ChangePasswordForm';
import { safeReturnPath } from '../../lib/return-path';
import {
  CHANGE_PASSWORD_PATH,
  requireSession,
} from '../../lib/server/require-session';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Changing one's own password; required first after a reset or expiry. */
export default async function ChangePasswordPage({
  searchParams,
}: {
  searchParams: SearchParams;
}) {
  const user = await requireSession(CHANGE_PASSWORD_PATH);
  const params = await searchParams;
  const callbackUrl = safeReturnPath(
    Array.isArray(params.callbackUrl)
      ? params.callbackUrl[0]
      : params.callbackUrl,
  );
  return (
    <main className="login-page">
      <ChangePasswordForm
        userName={user.name}
        required={user.mustChangePassword}
        callbackUrl={callbackUrl}
      />
    </main>
  );
}
