import type { WireError } from '@atrium/protocol';
import { webError } from './errors.js';

/**
 * The words a browser gets for a failure that came from the worker or the
 * Core Server. Failures to reach the Core Server name its address and the
 * socket error; the browser gets WEB_CORE_UNAVAILABLE instead and the
 * detail stays in the service log (`logDetail`). Other codes pass as they
 * are: the Core Server's own CORE_ messages are written for users.
 */
export function toBrowserError(
  wire: WireError,
  logDetail: (wire: WireError) => void,
): WireError {
  if (wire.code.startsWith('CCL_') || wire.code === 'RPC_INTERNAL') {
    logDetail(wire);
    const plain =
      wire.code === 'RPC_INTERNAL'
        ? { code: 'WEB_INTERNAL', message: 'The request failed' }
        : webError('WEB_CORE_UNAVAILABLE').toWire();
    return plain;
  }
  return wire;
}
