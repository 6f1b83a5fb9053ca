import { connect, type Socket } from 'node:net';
import type { Logger } from '@atrium/log';
import { DimsePeer, type StoreReceiver } from './dimse-peer.js';
import {
  Association,
  PresentationContextResult,
  type DimseAssociation,
  type DimseRequest,
} from './dimse.js';

/** Where an association goes, and how long to wait for the peer. */
export interface ScuTarget {
  host: string;
  port: number;
  callingAeTitle: string;
  calledAeTitle: string;
  timeoutSeconds: number;
  /** The node's Tls setting. */
  tls?: boolean;
}

/** Why talking to a remote node failed, in words for an administrator. */
export class DicomNetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DicomNetError';
  }
}

/**
 * An association Atrium opens to a remote node (the SCU side). Requests
 * are sent one after the other, each waiting for its final response; the
 * association can also receive the C-STOREs of a C-GET into the incoming
 * folder.
 */
export class ScuAssociation extends DimsePeer {
  readonly association: DimseAssociation;
  readonly target: ScuTarget;
  #closedError: DicomNetError | undefined;

  private constructor(
    socket: Socket,
    target: ScuTarget,
    association: DimseAssociation,
    log: Logger,
  ) {
    super(socket, log, {
      associationMs: target.timeoutSeconds * 1000,
      idleMs: target.timeoutSeconds * 1000,
    });
    this.target = target;
    this.association = association;
    this.callingAeTitle = target.callingAeTitle;
    this.on('networkError', (err: Error) => {
      this.#closedError ??= this.#fail(`the connection failed: ${err.message}`);
    });
  }

  /**
   * Connects and negotiates. `propose` adds the presentation contexts.
   * Rejects with a DicomNetError that says what went wrong: no answer, a
   * refused connection, a rejected association.
   */
  static open(
    target: ScuTarget,
    propose: (association: DimseAssociation) => void,
    log: Logger,
  ): Promise<ScuAssociation> {
    const association = new Association(
      target.callingAeTitle,
      target.calledAeTitle,
    );
    // Known limitation: DICOM TLS is not spoken yet; a node that needs it
    // is refused rather than sent patient data in the clear.
    if (target.tls) {
      return Promise.reject(
        new DicomNetError(
          `${target.calledAeTitle} at ${target.host}:${target.port}: the node has Tls=true, and DICOM TLS is not supported yet`,
        ),
      );
    }
    propose(association);
    const socket = connect({
      host: target.host,
      port: target.port,
      noDelay: true,
    });
    const peer = new ScuAssociation(socket, target, association, log);
    return peer.#negotiate();
  }

  /** Lets the peer send us C-STOREs on this association (C-GET). */
  acceptStores(receiver: StoreReceiver): void {
    this.receiveStores(receiver);
  }

  /** Whether the peer accepted a context for this SOP class. */
  accepts(sopClassUid: string): boolean {
    return this.acceptedSyntaxes(sopClassUid).length > 0;
  }

  /** Transfer syntaxes the peer accepted for a SOP class. */
  acceptedSyntaxes(sopClassUid: string): string[] {
    return this.association
      .getPresentationContexts()
      .map(({ context }) => context)
      .filter(
        (context) =>
          context.getAbstractSyntaxUid() === sopClassUid &&
          context.getResult() === PresentationContextResult.Accept,
      )
      .map((context) => context.getAcceptedTransferSyntaxUid() ?? '');
  }

  /**
   * Sends requests in order and resolves when every one has its final
   * response. Each request must have an accepted context (the library
   * skips the others without a word).
   */
  perform(requests: DimseRequest[]): Promise<void> {
    if (requests.length === 0) return Promise.resolve();
    if (this.#closedError) return Promise.reject(this.#closedError);

    return new Promise((resolve, reject) => {
      let remaining = requests.length;
      const onClose = () =>
        reject(
          this.#closedError ?? this.#fail('the peer closed the connection'),
        );
      this.socket.once('close', onClose);
      for (const request of requests) {
        request.on('done', () => {
          remaining -= 1;
          if (remaining > 0) return;
          this.socket.off('close', onClose);
          resolve();
        });
      }
      this.sendRequests(requests);
    });
  }

  /** Asks the peer to stop a C-FIND, C-MOVE or C-GET in progress. */
  cancel(request: DimseRequest): void {
    this.sendCancel(request as Parameters<ScuAssociation['sendCancel']>[0]);
  }

  /** Releases the association; the socket is closed in any case. */
  async release(): Promise<void> {
    if (this.socket.destroyed) return;
    const released = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.target.timeoutSeconds * 1000);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.once('associationReleaseResponse', done);
      this.socket.once('close', done);
    });
    this.sendAssociationReleaseRequest();
    await released;
    this.socket.destroy();
  }

  /** Aborts the association at once. */
  abortNow(): void {
    if (!this.socket.destroyed) this.sendAbort();
    this.socket.destroy();
  }

  #negotiate(): Promise<ScuAssociation> {
    const { host, port, calledAeTitle } = this.target;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.destroy();
        reject(this.#fail(`no answer within ${this.target.timeoutSeconds} s`));
      }, this.target.timeoutSeconds * 1000);
      const settle = (error?: Error) => {
        clearTimeout(timer);
        this.off('associationAccepted', onAccepted);
        this.off('associationRejected', onRejected);
        this.socket.off('close', onClose);
        if (error) reject(error);
        else resolve(this);
      };
      const onAccepted = () => settle();
      const onRejected = (why: {
        result: number;
        source: number;
        reason: number;
      }) => {
        this.socket.destroy();
        settle(
          this.#fail(
            `${calledAeTitle} rejected the association (result ${why.result}, source ${why.source}, reason ${why.reason})`,
          ),
        );
      };
      const onClose = () =>
        settle(
          this.#closedError ??
            this.#fail(`${host}:${port} closed the connection`),
        );

      this.once('associationAccepted', onAccepted);
      this.once('associationRejected', onRejected);
      this.socket.once('close', onClose);
      this.socket.once('connect', () =>
        this.sendAssociationRequest(this.association),
      );
    });
  }

  #fail(what: string): DicomNetError {
    const { calledAeTitle, host, port } = this.target;
    return new DicomNetError(`${calledAeTitle} at ${host}:${port}: ${what}`);
  }
}
