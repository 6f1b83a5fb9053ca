import type { Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { listenOn } from '../server/listen-port.js';
import {
  judgeAssociation,
  refuseOverLimit,
  type AssociationRules,
} from './association-policy.js';
import { AtriumScp } from './atrium-scp.js';
import type { ScpContext } from './scp-context.js';

/** Connections beyond MaximumConnections allowed to wait for an answer. */
const SPARE_CONNECTIONS = 8;

/** What the DICOM port needs besides the association bookkeeping. */
export type DicomServerContext = Omit<
  ScpContext,
  'admit' | 'associationEnded'
> & {
  rules: AssociationRules;
  maximumConnections: number;
  /** An association that stored objects has closed. */
  onStoredAssociationEnded(): void;
};

/**
 * Atrium's DICOM port (LocalPacsPort): a TCP server bound to BindAddress
 * only (dcmjs-dimse's own server listens on every interface, so the
 * socket is made here) that hands each connection to an AtriumScp and
 * counts open associations against MaximumConnections.
 *
 * Known limitation: the library gathers each PDU whole before reading it
 * and takes the length a peer announces, so a peer that may associate can
 * make the server hold up to that much memory; keep the port on a network
 * of trusted modalities, as usual for DICOM.
 */
export class DicomServer {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #ctx: DicomServerContext;
  #associations = 0;
  #port = 0;

  private constructor(ctx: DicomServerContext) {
    this.#ctx = ctx;
    this.#server = createServer({ noDelay: true }, (socket) =>
      this.#accept(socket),
    );
  }

  /** Listens on `port` (0 picks one) of `address`. */
  static async start(
    ctx: DicomServerContext,
    address: string,
    port: number,
  ): Promise<DicomServer> {
    const server = new DicomServer(ctx);
    // listenOn needs only what every net.Server has; it names the setting
    // in the one-line error an administrator sees.
    server.#port = await listenOn(
      server.#server as unknown as HttpServer,
      'LocalPacsPort',
      address,
      port,
    );
    return server;
  }

  get port(): number {
    return this.#port;
  }

  /** Associations open now. */
  get associations(): number {
    return this.#associations;
  }

  /** Stops listening and cuts every connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) =>
      this.#server.close(() => resolve()),
    );
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  #accept(socket: Socket): void {
    const limit = this.#ctx.maximumConnections + SPARE_CONNECTIONS;
    if (this.#sockets.size >= limit) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined);

    const ctx: ScpContext = {
      ...this.#ctx,
      admit: async (ask) => {
        const verdict = await judgeAssociation(ask, this.#ctx.rules);
        if (!verdict.accept) return verdict;
        // Counted here, synchronously after the policy: two requests can
        // never both take the last place.
        if (this.#associations >= this.#ctx.maximumConnections) {
          return refuseOverLimit(this.#ctx.maximumConnections);
        }
        this.#associations += 1;
        return verdict;
      },
      associationEnded: (stored) => {
        this.#associations -= 1;
        if (stored > 0) this.#ctx.onStoredAssociationEnded();
      },
    };
    new AtriumScp(socket, ctx);
  }
}
