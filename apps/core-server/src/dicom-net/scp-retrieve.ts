import { DicomStatus } from './dicom-status.js';
import {
  CGetResponse,
  CMoveResponse,
  Dataset,
  type CGetRequestT,
  type CGetResponseT,
  type CMoveRequestT,
  type CMoveResponseT,
  type DimseAssociation,
  type DimseRequest,
  type DimseResponse,
} from './dimse.js';
import { FindQueryError } from './find-query.js';
import { TransferSyntax } from '@atrium/dicom';
import {
  checkLevel,
  isLevel,
  readIdentifier,
  type Caller,
} from './scp-find.js';
import type { ScpContext } from './scp-context.js';
import { selectInstances, type StoredInstance } from './stored-instances.js';
import { sendInstances, type SendTally } from './store-sender.js';
import { makeStoreRequest } from './store-requests.js';

type RetrieveResponse = CMoveResponseT | CGetResponseT;
type RetrieveRequest = CMoveRequestT | CGetRequestT;

interface RetrieveOptions {
  signal: AbortSignal;
  /** Keeps the requester's association from idling out meanwhile. */
  keepAlive(): void;
  /**
   * Sends a pending response at once. The library's answer callback may
   * be called only once, so it carries the final response alone.
   */
  sendPending(response: RetrieveResponse): void;
}

/**
 * Answers a C-MOVE: sends the objects the identifier names to the
 * destination AE title, which must be a configured remote node, over a new
 * association, with a pending response after each object.
 */
export async function handleMove(
  ctx: ScpContext,
  caller: Caller,
  request: CMoveRequestT,
  respond: (responses: CMoveResponseT[]) => void,
  options: RetrieveOptions,
): Promise<void> {
  const make = () => CMoveResponse.fromRequest(request);
  const destination = String(
    request.getCommandDataset().getElement('MoveDestination') ?? '',
  ).trim();
  const node = ctx.nodes.find((candidate) => candidate.aeTitle === destination);
  if (!node) {
    respond([
      refusal(
        request,
        make,
        DicomStatus.MoveDestinationUnknown,
        `Move destination ${destination} is not a configured node`,
      ),
    ]);
    logRetrieve(ctx, 'DicomMove', caller, { destination, status: 'Fail' });
    return;
  }

  const instances = selectOrRefuse(ctx, request, make, respond);
  if (!instances) return;

  let tally: SendTally;
  try {
    tally = await sendInstances(ctx.targetOf(node), instances, ctx.log, {
      signal: options.signal,
      onProgress: (progress) => {
        options.keepAlive();
        options.sendPending(pending(request, make, progress));
      },
    });
  } catch (err) {
    respond([
      refusal(
        request,
        make,
        DicomStatus.OutOfResourcesSubOperations,
        `Could not reach ${destination}`,
      ),
    ]);
    ctx.log.warn('C-MOVE destination could not be reached', {
      destination,
      reason: (err as Error).message,
    });
    logRetrieve(ctx, 'DicomMove', caller, { destination, status: 'Fail' });
    return;
  }

  respond([final(request, make, tally, options.signal.aborted)]);
  logRetrieve(ctx, 'DicomMove', caller, {
    destination,
    status: tally.failed === 0 ? 'Success' : 'Fail',
    instances: tally.total,
    completed: tally.completed,
    failed: tally.failed,
  });
}

interface GetOptions extends RetrieveOptions {
  association: DimseAssociation;
  /** Sends a C-STORE sub-operation on the requester's association. */
  send(request: DimseRequest): void;
}

/**
 * Answers a C-GET: sends the objects back on the requester's own
 * association (in the storage contexts it proposed as SCP), one at a time,
 * with a pending response after each.
 */
export async function handleGet(
  ctx: ScpContext,
  caller: Caller,
  request: CGetRequestT,
  respond: (responses: CGetResponseT[]) => void,
  options: GetOptions,
): Promise<void> {
  const make = () => CGetResponse.fromRequest(request);
  const instances = selectOrRefuse(ctx, request, make, respond);
  if (!instances) return;

  const tally: SendTally = {
    total: instances.length,
    completed: 0,
    warnings: 0,
    failed: 0,
    failedSopInstanceUids: [],
  };
  for (const instance of instances) {
    if (options.signal.aborted) break;
    const outcome = await storeOnRequester(instance, options);
    if (outcome === 'success') tally.completed += 1;
    else if (outcome === 'warning') tally.warnings += 1;
    else {
      tally.failed += 1;
      tally.failedSopInstanceUids.push(instance.sopInstanceUid);
    }
    options.keepAlive();
    options.sendPending(pending(request, make, tally));
  }

  respond([final(request, make, tally, options.signal.aborted)]);
  logRetrieve(ctx, 'DicomGet', caller, {
    status: tally.failed === 0 ? 'Success' : 'Fail',
    instances: tally.total,
    completed: tally.completed,
    failed: tally.failed,
  });
}

function storeOnRequester(
  instance: StoredInstance,
  options: GetOptions,
): Promise<'success' | 'warning' | 'failed'> {
  const subRequest = makeStoreRequest(options.association, instance);
  if (typeof subRequest === 'string') return Promise.resolve('failed');

  return new Promise((resolve) => {
    let outcome: 'success' | 'warning' | 'failed' = 'failed';
    subRequest.on('response', (response: DimseResponse) => {
      const status = response.getStatus();
      if (status === DicomStatus.Success) outcome = 'success';
      else if ((status & 0xf000) === 0xb000) outcome = 'warning';
    });
    subRequest.on('done', () => resolve(outcome));
    // A requester that goes away never answers; stop waiting for it.
    options.signal.addEventListener('abort', () => resolve('failed'), {
      once: true,
    });
    options.send(subRequest);
  });
}

/** The instances to retrieve, or undefined after answering a refusal. */
function selectOrRefuse<R extends RetrieveResponse>(
  ctx: ScpContext,
  request: RetrieveRequest,
  make: () => R,
  respond: (responses: R[]) => void,
): StoredInstance[] | undefined {
  const identifier = readIdentifier(request);
  const level = checkLevel(request.getAffectedSopClassUid(), identifier);
  if (!isLevel(level)) {
    respond([
      refusal(request, make, DicomStatus.IdentifierMismatch, level.why),
    ]);
    return undefined;
  }
  try {
    return selectInstances(ctx.db, level, identifier);
  } catch (err) {
    if (!(err instanceof FindQueryError)) throw err;
    respond([
      refusal(request, make, DicomStatus.IdentifierMismatch, err.message),
    ]);
    return undefined;
  }
}

function pending<R extends RetrieveResponse>(
  request: RetrieveRequest,
  make: () => R,
  tally: SendTally,
): R {
  const response = withCounts(request, make(), tally);
  response.setStatus(DicomStatus.Pending);
  return response;
}

function final<R extends RetrieveResponse>(
  request: RetrieveRequest,
  make: () => R,
  tally: SendTally,
  cancelled: boolean,
): R {
  const response = withCounts(request, make(), tally);
  const delivered = tally.completed + tally.warnings;
  response.setStatus(
    cancelled
      ? DicomStatus.Cancel
      : tally.failed === 0 && tally.warnings === 0
        ? DicomStatus.Success
        : delivered > 0
          ? DicomStatus.SubOperationsWarning
          : DicomStatus.OutOfResourcesSubOperations,
  );
  if (tally.failed > 0) {
    response.setDataset(
      new Dataset(
        { FailedSOPInstanceUIDList: tally.failedSopInstanceUids },
        TransferSyntax.ExplicitVRLittleEndian,
      ),
    );
  }
  return response;
}

function withCounts<R extends RetrieveResponse>(
  request: RetrieveRequest,
  response: R,
  tally: SendTally,
): R {
  const done = tally.completed + tally.warnings + tally.failed;
  response.setAffectedSopClassUid(request.getAffectedSopClassUid());
  response.setRemaining(Math.max(0, tally.total - done));
  response.setCompleted(tally.completed);
  response.setWarnings(tally.warnings);
  response.setFailures(tally.failed);
  return response;
}

function refusal<R extends RetrieveResponse>(
  request: RetrieveRequest,
  make: () => R,
  status: number,
  comment: string,
): R {
  const response = make();
  response.setAffectedSopClassUid(request.getAffectedSopClassUid());
  response.setStatus(status);
  response.setErrorComment(comment.slice(0, 64));
  return response;
}

function logRetrieve(
  ctx: ScpContext,
  op: string,
  caller: Caller,
  fields: Record<string, unknown> & { status: string },
): void {
  ctx.log.access({
    op,
    client: caller.client,
    user: caller.callingAeTitle,
    ...fields,
  });
}
