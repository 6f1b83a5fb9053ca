import type { RawData } from 'ws';
import {
  isRequestId,
  type AtriumError,
  type RequestId,
} from '@atrium/protocol';
import { coreError } from '../errors.js';

/** A request as read from the socket, before its method is checked. */
export interface Envelope {
  id: RequestId;
  method: string;
  params: Record<string, unknown>;
}

/** Largest request the server reads, in bytes; bigger ones close the socket. */
export const MAX_REQUEST_BYTES = 256 * 1024;

/** A request that could not be read, with its id when it has one. */
export interface Unreadable {
  id: RequestId | null;
  error: AtriumError;
}

/** Reads one WebSocket message as a request, or says why it cannot. */
export function readEnvelope(
  data: RawData,
  isBinary: boolean,
): Envelope | Unreadable {
  const bad = (id: RequestId | null, message: string): Unreadable => ({
    id,
    error: coreError('CORE_BAD_REQUEST', message),
  });
  if (isBinary) return bad(null, 'Requests are JSON text, not binary');

  let parsed: unknown;
  try {
    parsed = JSON.parse(rawToText(data));
  } catch {
    return bad(null, 'The request is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return bad(null, 'The request is not a JSON object');
  }

  const { id, method, params } = parsed as Record<string, unknown>;
  if (!isRequestId(id)) {
    return bad(
      null,
      'The request id must be a whole number from 1 to 4294967295',
    );
  }
  if (typeof method !== 'string' || method.length === 0) {
    return bad(id, 'The request has no method');
  }
  if (
    params !== undefined &&
    (typeof params !== 'object' || params === null || Array.isArray(params))
  ) {
    return bad(id, 'The request params must be a JSON object');
  }
  return { id, method, params: (params ?? {}) as Record<string, unknown> };
}

function rawToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
