'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';

/**
 * The login form. The Core Server checks the credentials; whatever it
 * answers (wrong password, lock-out, suspension) is shown in its own words.
 */
export function LoginForm({
  callbackUrl,
  notice,
}: {
  callbackUrl: string;
  notice: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [ready, setReady] = useState(false);

  // Until React has taken over the form, submitting it would be a plain
  // browser submission: the button stays disabled until then.
  useEffect(() => setReady(true), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);

    const answer = await signIn('credentials', {
      username: String(form.get('username') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    if (!answer || answer.error) {
      setBusy(false);
      setError(describeLoginError(answer?.error));
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    // method="post" keeps the password out of any URL, whatever happens.
    <form
      className="login-card"
      method="post"
      onSubmit={submit}
      aria-label="Log in"
    >
      <h1>Atrium</h1>
      <p className="lead">Log in to review studies.</p>
      {notice && !error ? (
        <p className="message notice" role="status">
          {notice}
        </p>
      ) : null}

      <label htmlFor="username">User name</label>
      <input
        id="username"
        name="username"
        autoComplete="username"
        autoFocus
        required
      />
      <label htmlFor="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />

      {error ? (
        <p className="message error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy || !ready}>
        {busy ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}

// next-auth reports a failed credentials login as the error text the
// authorize function threw (the Core Server's message); its own generic
// codes are replaced by a sentence.
function describeLoginError(error: string | null | undefined): string {
  if (!error || error === 'CredentialsSignin') {
    return 'The user name or password is not correct';
  }
  if (/^[A-Z][A-Za-z]+$/.test(error)) {
    return 'Login failed; try again in a moment';
  }
  return error;
}
