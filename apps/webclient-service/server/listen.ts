import type { Server } from 'node:net';
import { webError } from './errors.js';

/** A listener to bind, named by its key in webclient_service.ini. */
export interface ListenTarget {
  server: Server;
  /** The .ini key of the port, e.g. `webport`. */
  key: string;
  port: number;
  host: string;
}

/**
 * Binds a server; a port that cannot be bound rejects with one line naming
 * the key and the port (what DESIGN.md asks of every process).
 * Resolves with the bound port (useful when `port` is 0).
 */
export function listenOn(target: ListenTarget): Promise<number> {
  const { server, key, port, host } = target;
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        webError(
          'WEB_PORT_UNAVAILABLE',
          `webclient_service.ini: ${key} ${port} cannot be bound on ${host} (${error.code ?? error.message})`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Closes a server and every connection it still holds. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    const http = server as Server & { closeAllConnections?: () => void };
    http.closeAllConnections?.();
  });
}
