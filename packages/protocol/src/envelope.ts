/**
 * The three JSON message shapes of every Atrium RPC link (Core Server,
 * service, worker, manager). Binary messages are described in
 * `binary-frame.ts`.
 */
import type { WireError } from './errors.js';

/**
 * Identifies a request on its connection. A whole number from 1 to
 * 4294967295 so that it fits the 32-bit field of a binary frame header.
 */
export type RequestId = number;

/** The largest request id (it must fit an unsigned 32-bit field). */
export const MAX_REQUEST_ID = 0xffff_ffff;

/** A call: the caller picks the id and matches the response by it. */
export interface RpcRequest<M extends string = string, P = unknown> {
  id: RequestId;
  method: M;
  params: P;
}

/** The answer to a request that succeeded. */
export interface RpcSuccess<R = unknown> {
  id: RequestId;
  result: R;
}

/**
 * The answer to a request that failed. `id` is null only when the request
 * could not be read far enough to find its id (malformed JSON).
 */
export interface RpcFailure {
  id: RequestId | null;
  error: WireError;
}

export type RpcResponse<R = unknown> = RpcSuccess<R> | RpcFailure;

/** A message the server pushes without being asked. */
export interface RpcEvent<E extends string = string, D = unknown> {
  event: E;
  data: D;
}

/** Any JSON message that can arrive from a server. */
export type ServerMessage = RpcResponse | RpcEvent;

/** Tells whether a value is a usable request id. */
export function isRequestId(value: unknown): value is RequestId {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 1 &&
    value <= MAX_REQUEST_ID
  );
}

/** Tells a failed response from a successful one. */
export function isRpcFailure(message: RpcResponse): message is RpcFailure {
  return 'error' in message;
}
