import type { Socket } from 'node:net';
import { normaliseAddress } from './association-policy.js';
import { DimsePeer } from './dimse-peer.js';
import { DicomStatus } from './dicom-status.js';
import {
  CEchoResponse,
  type CEchoRequestT,
  type CEchoResponseT,
  type CFindRequestT,
  type CFindResponseT,
  type CGetRequestT,
  type CGetResponseT,
  type CMoveRequestT,
  type CMoveResponseT,
  type DimseAssociation,
  type DimseRequest,
} from './dimse.js';
import { negotiateContexts } from './presentation-contexts.js';
import { handleFind } from './scp-find.js';
import { handleGet, handleMove } from './scp-retrieve.js';
import type { ScpContext } from './scp-context.js';

/** Time a peer has to send its association request after connecting. */
const ASSOCIATION_MS = 30_000;

/**
 * One association on Atrium's DICOM port: applies the association policy,
 * negotiates presentation contexts, and answers C-ECHO, C-STORE (into the
 * incoming folder), C-FIND, C-MOVE and C-GET as [DicomNetwork] allows.
 */
export class AtriumScp extends DimsePeer {
  readonly #ctx: ScpContext;
  readonly peerAddress: string;
  #negotiated: DimseAssociation | undefined;
  #admitted = false;
  #stored = 0;
  /** Running C-MOVE / C-GET operations by message ID, for C-CANCEL. */
  readonly #running = new Map<number, AbortController>();

  constructor(socket: Socket, ctx: ScpContext) {
    super(socket, ctx.log, {
      associationMs: ASSOCIATION_MS,
      idleMs: ctx.idleMs,
    });
    this.#ctx = ctx;
    this.peerAddress = normaliseAddress(socket.remoteAddress ?? '');
    socket.once('close', () => this.#closed());
  }

  override associationRequested(association: DimseAssociation): void {
    this.callingAeTitle = association.getCallingAeTitle().trim();
    void this.#admit(association);
  }

  override associationReleaseRequested(): void {
    this.sendAssociationReleaseResponse();
  }

  override cEchoRequest(
    request: CEchoRequestT,
    callback: (response: CEchoResponseT) => void,
  ): void {
    const response = CEchoResponse.fromRequest(request);
    response.setStatus(DicomStatus.Success);
    callback(response);
  }

  override cFindRequest(
    request: CFindRequestT,
    callback: (responses: CFindResponseT[]) => void,
  ): void {
    handleFind(this.#ctx, this.#who(), request, callback);
  }

  override cMoveRequest(
    request: CMoveRequestT,
    callback: (responses: CMoveResponseT[]) => void,
  ): void {
    const signal = this.#track(request);
    void handleMove(this.#ctx, this.#who(), request, callback, {
      signal,
      keepAlive: () => this.keepAlive(),
      sendPending: (response) => this.sendResponse(request, response),
    }).finally(() => this.#running.delete(request.getMessageId()));
  }

  override cGetRequest(
    request: CGetRequestT,
    callback: (responses: CGetResponseT[]) => void,
  ): void {
    const signal = this.#track(request);
    void handleGet(this.#ctx, this.#who(), request, callback, {
      signal,
      keepAlive: () => this.keepAlive(),
      sendPending: (response) => this.sendResponse(request, response),
      association: this.#negotiated!,
      send: (subRequest: DimseRequest) => this.sendRequests(subRequest),
    }).finally(() => this.#running.delete(request.getMessageId()));
  }

  override cCancelRequest(request: DimseRequest): void {
    const cancelled = (
      request as unknown as { getMessageIdBeingRespondedTo(): number }
    ).getMessageIdBeingRespondedTo();
    this.#running.get(cancelled)?.abort();
  }

  #track(request: DimseRequest): AbortSignal {
    const controller = new AbortController();
    this.#running.set(request.getMessageId(), controller);
    return controller.signal;
  }

  #who() {
    return { callingAeTitle: this.callingAeTitle, client: this.peerAddress };
  }

  async #admit(association: DimseAssociation): Promise<void> {
    const { log, services } = this.#ctx;
    const verdict = await this.#ctx.admit({
      callingAeTitle: this.callingAeTitle,
      calledAeTitle: association.getCalledAeTitle(),
      peerAddress: this.peerAddress,
    });
    if (this.socket.destroyed) {
      if (verdict.accept) this.#ctx.associationEnded(0);
      return;
    }
    if (!verdict.accept) {
      log.access({
        op: 'RejectAssociation',
        status: 'Fail',
        level: 'WARNING',
        client: this.peerAddress,
        user: this.callingAeTitle,
        calledAeTitle: association.getCalledAeTitle(),
        reason: verdict.why,
      });
      this.sendAssociationReject(
        verdict.result,
        verdict.source,
        verdict.reason,
      );
      // The requester closes on a rejection; make sure the socket goes.
      this.socket.end();
      return;
    }

    this.#admitted = true;
    this.#negotiated = association;
    const accepted = negotiateContexts(association, services);
    if (services.store) {
      this.receiveStores({
        folder: this.#ctx.receiver.folder,
        onStored: (stored) => {
          this.#stored += 1;
          this.#ctx.receiver.onStored(stored);
        },
      });
    }
    this.sendAssociationAccept();
    log.access({
      op: 'AcceptAssociation',
      status: 'Success',
      client: this.peerAddress,
      user: this.callingAeTitle,
      node: verdict.node?.index ?? null,
      contexts: accepted,
    });
  }

  #closed(): void {
    for (const controller of this.#running.values()) controller.abort();
    if (!this.#admitted) return;
    this.#admitted = false;
    this.#ctx.associationEnded(this.#stored);
    this.#ctx.log.access({
      op: 'CloseAssociation',
      status: 'Success',
      client: this.peerAddress,
      user: this.callingAeTitle,
      stored: this.#stored,
    });
  }
}
