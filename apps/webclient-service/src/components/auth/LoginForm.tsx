'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  ALREADY_LOGGED_IN,
  clearsPassword,
  decodeLoginError,
  describeLoginError,
  type LoginError,
} from '../../lib/login-error';

/**
 * The login form. The Core Server checks the credentials; whatever it
 * answers (wrong password, suspension, a session elsewhere) is shown in its
 * own words, and a lock-out says until when in the browser's time. A user
 * logged in elsewhere may end that session and log in here, or cancel.
 */
export function LoginForm({
  callbackUrl,
  notice,
  username = '',
}: {
  callbackUrl: string;
  notice: string | null;
  /** A user name to fill in (from a launch link). */
  username?: string;
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<LoginError | null>(null);
  const [busy, setBusy] = useState(false);
  const [ready, setReady] = useState(false);

  // Until React has taken over the form, submitting it would be a plain
  // browser submission: the button stays disabled until then.
  useEffect(() => setReady(true), []);

  async function logIn(closeOtherSessions: boolean) {
    const form = new FormData(formRef.current ?? undefined);
    setBusy(true);
    setError(null);

    const answer = await signIn('credentials', {
      username: String(form.get('username') ?? ''),
      password: String(form.get('password') ?? ''),
      closeOtherSessions: String(closeOtherSessions),
      redirect: false,
    });
    if (!answer || answer.error) {
      setBusy(false);
      const refusal = decodeLoginError(answer?.error);
      setError({ ...refusal, message: describeLoginError(refusal) });
      // A refused password is not left in the field to be sent again.
      const password = formRef.current?.elements.namedItem('password');
      if (clearsPassword(refusal) && password instanceof HTMLInputElement) {
        password.value = '';
        password.focus();
      }
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void logIn(false);
  }

  const elsewhere = error?.code === ALREADY_LOGGED_IN;
  return (
    // method="post" keeps the password out of any URL, whatever happens.
    <form
      ref={formRef}
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
        defaultValue={username}
        autoFocus={!username}
        required
        readOnly={elsewhere}
      />
      <label htmlFor="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        autoFocus={Boolean(username)}
        required
        readOnly={elsewhere}
      />

      {error ? (
        <p className="message error" role="alert">
          {error.message}
        </p>
      ) : null}
      {elsewhere ? (
        <div className="choice">
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void logIn(true)}
          >
            End the other session and log in
          </button>
          <button type="button" disabled={busy} onClick={() => setError(null)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="submit" className="primary" disabled={busy || !ready}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      )}
    </form>
  );
}
