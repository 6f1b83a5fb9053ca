import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { Logger } from '@atrium/log';
import { DicomStatus } from './dicom-status.js';
import {
  CStoreResponse,
  Dataset,
  Scp,
  type CStoreRequestT,
  type CStoreResponseT,
  type DimseContext,
  type DimseDataset,
} from './dimse.js';
import type { IncomingFileStream, IncomingFolder } from './incoming-folder.js';

/** Where received objects go, and who hears of them. */
export interface StoreReceiver {
  folder: IncomingFolder;
  /** Called once an object is safely in the incoming folder. */
  onStored(stored: StoredObject): void;
}

/** An object received by C-STORE and written to the incoming folder. */
export interface StoredObject {
  path: string;
  sopInstanceUid: string;
  callingAeTitle: string;
  bytes: number;
}

/** Timeouts of one association, in milliseconds. */
export interface PeerTimeouts {
  /** Until the association is negotiated. */
  associationMs: number;
  /** Without a PDU from the peer once associated. */
  idleMs: number;
}

type Outcome = { path: string; bytes: number } | { error: Error };

/**
 * One end of a DICOM association over a socket Atrium owns, built on
 * dcmjs-dimse's network class (exported as Scp; it serves the calling side
 * as well). It turns Nagle's algorithm off, and receives C-STOREs by
 * streaming each data set straight into the incoming folder, answering
 * only once the file is on disk.
 *
 * Known limitation: a received object is not checked against its C-STORE
 * request (SOP Instance UID, SOP class) before it is acknowledged; the
 * import indexes what the data set itself says, or quarantines it.
 */
export class DimsePeer extends Scp {
  readonly socket: Socket;
  protected readonly log: Logger;
  /** Calling AE title of the association, once known. */
  protected callingAeTitle = '';
  #receiver: StoreReceiver | undefined;
  readonly #streams = new WeakMap<Writable, CStoreRequestT>();
  readonly #outcomes = new WeakMap<CStoreRequestT, Outcome>();
  /** Objects being received, dropped if the association breaks off. */
  readonly #receiving = new Map<IncomingFileStream, IncomingFolder>();

  constructor(socket: Socket, log: Logger, timeouts: PeerTimeouts) {
    socket.setNoDelay(true);
    super(socket, {
      connectTimeout: timeouts.idleMs,
      associationTimeout: timeouts.associationMs,
      pduTimeout: timeouts.idleMs,
    });
    this.socket = socket;
    this.log = log;
    this.on('networkError', () => socket.destroy());
    socket.once('close', () => {
      for (const [stream, folder] of this.#receiving) {
        void folder.discard(stream);
      }
      this.#receiving.clear();
    });
  }

  /** Lets this association receive C-STOREs into the incoming folder. */
  protected receiveStores(receiver: StoreReceiver): void {
    this.#receiver = receiver;
  }

  /**
   * Counts as activity from the peer: the library aborts an association
   * whose peer has sent nothing for the idle time, which a peer waiting for
   * a long C-MOVE or C-GET rightly does while we keep answering.
   */
  protected keepAlive(): void {
    (this as unknown as { lastPduTime?: number }).lastPduTime = Date.now();
  }

  override createStoreWritableStream(
    context: DimseContext,
    request: CStoreRequestT,
  ): Writable {
    if (!this.#receiver)
      return super.createStoreWritableStream(context, request);
    const stream = this.#receiver.folder.createFileStream({
      sopClassUid: request.getAffectedSopClassUid(),
      sopInstanceUid: request.getAffectedSopInstanceUid(),
      transferSyntaxUid: context.getAcceptedTransferSyntaxUid() ?? '',
      sourceAeTitle: this.callingAeTitle,
    });
    this.#streams.set(stream, request);
    this.#receiving.set(stream, this.#receiver.folder);
    return stream;
  }

  override createDatasetFromStoreWritableStream(
    writable: Writable,
    context: DimseContext,
    callback: (dataset: DimseDataset) => void,
  ): void {
    const request = this.#streams.get(writable);
    const receiver = this.#receiver;
    if (!request || !receiver) {
      super.createDatasetFromStoreWritableStream(writable, context, callback);
      return;
    }

    const stream = writable as IncomingFileStream;
    receiver.folder
      .commit(stream)
      .then(
        (path) => this.#outcomes.set(request, { path, bytes: stream.bytes }),
        async (error: Error) => {
          this.#outcomes.set(request, { error });
          await receiver.folder.discard(stream);
        },
      )
      .finally(() => {
        this.#receiving.delete(stream);
        // The data set stays on disk; the library only needs an object.
        callback(new Dataset({}, context.getAcceptedTransferSyntaxUid()));
      });
  }

  override cStoreRequest(
    request: CStoreRequestT,
    callback: (response: CStoreResponseT) => void,
  ): void {
    const response = CStoreResponse.fromRequest(request);
    if (!this.#receiver) {
      // Only a peer breaking the negotiation gets here: the context was
      // accepted for us to send on (C-GET), not to receive.
      this.log.warn('A C-STORE came where Atrium takes none', {
        callingAeTitle: this.callingAeTitle,
        sopClassUid: request.getAffectedSopClassUid(),
      });
      response.setStatus(DicomStatus.SopClassNotSupported);
      callback(response);
      return;
    }
    const outcome = this.#outcomes.get(request);
    if (!outcome || 'error' in outcome) {
      this.log.error('A received object could not be written', outcome?.error, {
        sopInstanceUid: request.getAffectedSopInstanceUid(),
        callingAeTitle: this.callingAeTitle,
      });
      response.setStatus(DicomStatus.OutOfResources);
      response.setErrorComment('The object could not be written to disk');
      callback(response);
      return;
    }

    this.#receiver?.onStored({
      path: outcome.path,
      sopInstanceUid: request.getAffectedSopInstanceUid(),
      callingAeTitle: this.callingAeTitle,
      bytes: outcome.bytes,
    });
    response.setStatus(DicomStatus.Success);
    callback(response);
  }

  override abort(source: number, reason: number): void {
    this.log.debug('DICOM association aborted by the peer', {
      callingAeTitle: this.callingAeTitle,
      source,
      reason,
    });
    this.socket.destroy();
  }
}
