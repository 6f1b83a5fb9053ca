'use client';

import { getCsrfToken } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { LogoutButton } from './LogoutButton';

/**
 * The user changes their own password. The Core Server checks the current
 * one and its password rules; its answer is shown in its own words.
 */
export function ChangePasswordForm({
  userName,
  required,
  callbackUrl,
}: {
  userName: string;
  required: boolean;
  callbackUrl: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get('newPassword') ?? '');
    if (newPassword !== String(form.get('confirmPassword') ?? '')) {
      setError('The two new passwords are not the same');
      return;
    }
    setBusy(true);
    setError(null);

    const answer = await fetch('/api/password', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        currentPassword: String(form.get('currentPassword') ?? ''),
        newPassword,
      }),
    });
    if (!answer.ok) {
      const body = (await answer.json().catch(() => null)) as {
        error?: { message?: string };
      } | null;
      setBusy(false);
      setError(body?.error?.message ?? 'The password could not be changed');
      return;
    }

    // Let next-auth ask the Core Server again, so the session no longer
    // holds the user to this page, then go on.
    await fetch('/api/auth/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ csrfToken: await getCsrfToken(), data: {} }),
    });
    window.location.replace(callbackUrl);
  }

  return (
    <form
      className="login-card"
      method="post"
      onSubmit={submit}
      aria-label="Change password"
    >
      <h1>Change password</h1>
      <p className="lead">
        {required
          ? `${userName}, your password must be changed before you go on.`
          : `${userName}, choose a new password.`}
      </p>

      <label htmlFor="currentPassword">Current password</label>
      <input
        id="currentPassword"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
      />
      <label htmlFor="newPassword">New password</label>
      <input
        id="newPassword"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
      />
      <label htmlFor="confirmPassword">New password again</label>
      <input
        id="confirmPassword"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
      />

      {error ? (
        <p className="message error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Changing…' : 'Change password'}
      </button>
      <div className="choice">
        {required ? (
          <LogoutButton />
        ) : (
          <button
            type="button"
            onClick={() => window.location.assign(callbackUrl)}
          >
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
