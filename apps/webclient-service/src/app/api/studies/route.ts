import type { NextRequest } from 'next/server';
import { readStudySearch, toListStudiesParams } from '../../../lib/study-query';
import { readWebSettings } from '../../../lib/server/web-settings';
import { readSessionJwt } from '../../../lib/server/session-cookie';
import {
  describeCoreFailure,
  isSessionOver,
  listStudiesAtCore,
  statusOfCoreFailure,
} from '../../../lib/server/core-session';

/**
 * GET /api/studies?patientName=…: one page of the study list, asked of the
 * Core Server with the logged-in user's own token, so the user's roles
 * decide what they see. The browser never talks to the Core Server.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const { nextAuthSecret } = await readWebSettings();
  const jwt = await readSessionJwt(request, nextAuthSecret);
  const coreToken = jwt?.coreToken;
  if (!coreToken) {
    return answerError(
      401,
      'WEB_UNAUTHENTICATED',
      'Log in to see the study list',
    );
  }

  const search = readStudySearch(request.nextUrl.searchParams);
  try {
    const page = await listStudiesAtCore(
      coreToken,
      toListStudiesParams(search),
    );
    return Response.json(page, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    const status = isSessionOver(error) ? 401 : statusOfCoreFailure(error);
    const code = (error as { code?: string }).code ?? 'WEB_CORE_UNAVAILABLE';
    return answerError(status, code, describeCoreFailure(error));
  }
}

function answerError(status: number, code: string, message: string): Response {
  return Response.json(
    { error: { code, message } },
    { status, headers: { 'Cache-Control': 'no-store' } },
  );
}
