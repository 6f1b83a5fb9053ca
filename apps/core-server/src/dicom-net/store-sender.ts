import type { Logger } from '@atrium/log';
import { DicomStatus, formatStatus } from './dicom-status.js';
import type { DimseResponse } from './dimse.js';
import { ScuAssociation, type ScuTarget } from './scu-association.js';
import type { DatasetTransform } from './stored-dataset.js';
import type { StoredInstance } from './stored-instances.js';
import { makeStoreRequest, proposeStorageContexts } from './store-requests.js';

/** How a send went, object by object. */
export interface SendTally {
  total: number;
  completed: number;
  warnings: number;
  failed: number;
  /** SOP Instance UIDs (as stored) that did not arrive. */
  failedSopInstanceUids: string[];
  /** Set when the send stopped early (connection lost, cancelled). */
  stoppedBecause?: string;
}

export interface SendOptions {
  /** Rewrites each object before it goes (the anonymiser). */
  transform?: DatasetTransform;
  /** Called after each object's answer. */
  onProgress?: (tally: SendTally) => void;
  /** Aborts the association and stops sending. */
  signal?: AbortSignal;
}

/**
 * Sends stored objects to a remote node by C-STORE over one association.
 * Resolves with the tally even when some objects fail or the connection
 * is lost midway; rejects (DicomNetError) only when no association could
 * be made at all.
 */
export async function sendInstances(
  target: ScuTarget,
  instances: readonly StoredInstance[],
  log: Logger,
  options: SendOptions = {},
): Promise<SendTally> {
  const tally: SendTally = {
    total: instances.length,
    completed: 0,
    warnings: 0,
    failed: 0,
    failedSopInstanceUids: [],
  };
  if (instances.length === 0) return tally;

  const peer = await ScuAssociation.open(
    target,
    (association) => proposeStorageContexts(association, instances),
    log,
  );
  // Every object is counted exactly once: answered, refused, or lost.
  const counted = new Set<StoredInstance>();
  const fail = (instance: StoredInstance) => {
    counted.add(instance);
    tally.failed += 1;
    tally.failedSopInstanceUids.push(instance.sopInstanceUid);
  };
  const onAbort = () => peer.abortNow();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const requests = [];
    for (const instance of instances) {
      const request = makeStoreRequest(
        peer.association,
        instance,
        options.transform,
      );
      if (typeof request === 'string') {
        log.warn('An object could not be offered to the remote node', {
          node: target.calledAeTitle,
          sopInstanceUid: instance.sopInstanceUid,
          reason: request,
        });
        fail(instance);
        continue;
      }
      request.on('response', (response: DimseResponse) => {
        counted.add(instance);
        countResponse(tally, instance, response, log, target);
        options.onProgress?.(tally);
      });
      // A request the library could not encode ends without an answer.
      request.on('done', () => {
        if (counted.has(instance)) return;
        fail(instance);
        options.onProgress?.(tally);
      });
      requests.push(request);
    }
    await peer.perform(requests);
  } catch (err) {
    tally.stoppedBecause = options.signal?.aborted
      ? 'cancelled'
      : (err as Error).message;
    for (const instance of instances) {
      if (!counted.has(instance)) fail(instance);
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await peer.release();
  }
  return tally;
}

function countResponse(
  tally: SendTally,
  instance: StoredInstance,
  response: DimseResponse,
  log: Logger,
  target: ScuTarget,
): void {
  const status = response.getStatus();
  if (status === DicomStatus.Success) {
    tally.completed += 1;
    return;
  }
  if ((status & 0xf000) === 0xb000) {
    tally.warnings += 1;
    return;
  }
  tally.failed += 1;
  tally.failedSopInstanceUids.push(instance.sopInstanceUid);
  log.warn('The remote node refused an object', {
    node: target.calledAeTitle,
    sopInstanceUid: instance.sopInstanceUid,
    status: formatStatus(status),
    comment: response.getErrorComment() ?? '',
  });
}
