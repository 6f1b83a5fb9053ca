import { CoreClient } from '@atrium/core-client';
import { AtriumError, type StudyReport } from '@atrium/protocol';
import { reportError } from './errors.js';
import type { ReportIdentity } from './identity.js';
import { buildReport } from './report-model.js';

/** Where the Core Server's client RPC port is. */
export interface CoreAddress {
  host: string;
  port: number;
}

/** Answers longer than this are treated as a Core Server that is down. */
const CORE_TIMEOUT_MS = 10_000;

/**
 * Opens a connection to the Core Server on behalf of the user: attached to
 * their session with their own token, so every read is checked against
 * their roles and fails once their session has ended.
 */
export async function connectAsUser(
  core: CoreAddress,
  identity: ReportIdentity,
): Promise<CoreClient> {
  let client: CoreClient;
  try {
    client = await CoreClient.connect(urlOf(core), {
      timeoutMs: CORE_TIMEOUT_MS,
      connectTimeoutMs: CORE_TIMEOUT_MS,
    });
  } catch {
    throw reportError('REPORT_CORE_UNAVAILABLE');
  }
  try {
    await client.attachToken(identity.token);
    return client;
  } catch (error) {
    void client.close();
    throw translateCoreError(error);
  }
}

/** Reads a study and the user's measurements on it from the Core Server. */
export async function readReport(
  client: CoreClient,
  studyUid: string,
  user: string,
): Promise<StudyReport> {
  try {
    const [detail, saved] = await Promise.all([
      client.getStudy(studyUid),
      client.listMeasurements(studyUid),
    ]);
    return buildReport(detail, saved, user);
  } catch (error) {
    throw translateCoreError(error);
  }
}

/** Reads one report over a connection of its own, closed afterwards. */
export async function readReportOnce(
  core: CoreAddress,
  identity: ReportIdentity,
  studyUid: string,
): Promise<StudyReport> {
  const client = await connectAsUser(core, identity);
  try {
    return await readReport(client, studyUid, identity.claims.userId);
  } finally {
    // Not awaited: the answer need not wait for the close handshake of a
    // Core Server that may have stopped answering.
    void client.close();
  }
}

/**
 * The report server's word for a Core Server refusal: the user sees why
 * (session over, not allowed, no such study) without Core internals.
 */
export function translateCoreError(error: unknown): AtriumError {
  if (!(error instanceof AtriumError)) {
    return reportError('REPORT_CORE_UNAVAILABLE');
  }
  switch (error.code) {
    case 'CORE_STUDY_NOT_FOUND':
      return reportError('REPORT_STUDY_NOT_FOUND');
    case 'CORE_PERMISSION_DENIED':
      return reportError('REPORT_NOT_PERMITTED');
    case 'CORE_PASSWORD_CHANGE_REQUIRED':
      return reportError('REPORT_PASSWORD_CHANGE_REQUIRED');
    case 'CORE_SESSION_ENDED':
    case 'CORE_TOKEN_EXPIRED':
    case 'CORE_TOKEN_INVALID':
    case 'CORE_NOT_AUTHENTICATED':
      return reportError('REPORT_SESSION_ENDED');
    case 'CORE_INVALID_PARAMS':
      return reportError('REPORT_BAD_REQUEST', error.message);
    default:
      if (error.code.startsWith('REPORT_')) return error;
      return reportError('REPORT_CORE_UNAVAILABLE');
  }
}

function urlOf(core: CoreAddress): string {
  const host = core.host.includes(':') ? `[${core.host}]` : core.host;
  return `ws://${host}:${core.port}`;
}
