import type { Server } from 'node:net';
import { coreError } from '../errors.js';

/** Why binding a port failed, in words an administrator can act on. */
const BIND_REASONS: Record<string, string> = {
  EADDRINUSE: 'another process is listening on it',
  EACCES: 'this user may not bind it (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'the address is not one of this machine',
};

/**
 * Listens on one port of one address. A failure names the setting the port
 * came from, so the process can stop with one line an administrator can
 * act on.
 */
export function listenOn(
  server: Server,
  settingKey: string,
  address: string,
  port: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const reason = BIND_REASONS[err.code ?? ''] ?? err.message;
      reject(
        coreError(
          'CORE_PORT_UNAVAILABLE',
          `${settingKey} ${port} cannot be bound on ${address}: ${reason}`,
        ),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      const bound = server.address();
      resolve(typeof bound === 'object' && bound ? bound.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, address);
  });
}
