import type { NextRequest } from 'next/server';
import {
  changePasswordAtCore,
  describeCoreFailure,
  statusOfCoreFailure,
} from '../../../lib/server/core-session';
import { readSessionJwt } from '../../../lib/server/session-cookie';
import { readWebSettings } from '../../../lib/server/web-settings';

/**
 * POST /api/password {currentPassword, newPassword}: the logged-in user
 * changes their own password at the Core Server, which applies its
 * password rules and answers in its own words.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const { nextAuthSecret } = await readWebSettings();
  const jwt = await readSessionJwt(request, nextAuthSecret);
  if (!jwt) return answer(401, 'WEB_UNAUTHENTICATED', 'Log in first');

  const body = (await request.json().catch(() => null)) as {
    currentPassword?: unknown;
    newPassword?: unknown;
  } | null;
  const currentPassword = body?.currentPassword;
  const newPassword = body?.newPassword;
  if (typeof currentPassword !== 'string' || typeof newPassword !== 'string') {
    return answer(
      400,
      'WEB_BAD_REQUEST',
      'Give the current and the new password',
    );
  }

  try {
    await changePasswordAtCore(jwt.coreToken, currentPassword, newPassword);
    return answer(200, 'OK', 'The password has been changed');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'WEB_CORE_UNAVAILABLE';
    return answer(statusOfCoreFailure(error), code, describeCoreFailure(error));
  }
}

function answer(status: number, code: string, message: string): Response {
  const body =
    status === 200 ? { ok: true, message } : { error: { code, message } };
  return Response.json(body, {
    status,
    headers: { 'Cache-Control': 'no-store' },
  });
}
