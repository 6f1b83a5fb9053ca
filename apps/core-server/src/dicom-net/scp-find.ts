import { DicomStatus } from './dicom-status.js';
import {
  CFindResponse,
  Dataset,
  type CFindRequestT,
  type CFindResponseT,
  type DimseDataset,
} from './dimse.js';
import { findMatches, FindQueryError } from './find-query.js';
import {
  readLevel,
  type NaturalDataset,
  type QueryLevel,
} from './identifier.js';
import type { ScpContext } from './scp-context.js';
import { queryModelOf } from './sop-classes.js';

/** Who made a request, for the log. */
export interface Caller {
  callingAeTitle: string;
  client: string;
}

/**
 * Answers a C-FIND from the image index: one pending response per match,
 * at most MaximumQueryResults of them, then the final status.
 */
export function handleFind(
  ctx: ScpContext,
  caller: Caller,
  request: CFindRequestT,
  respond: (responses: CFindResponseT[]) => void,
): void {
  const identifier = readIdentifier(request);
  const level = checkLevel(request.getAffectedSopClassUid(), identifier);
  if (!isLevel(level)) {
    respond([
      finalResponse(request, DicomStatus.IdentifierMismatch, level.why),
    ]);
    return;
  }

  let found;
  try {
    found = findMatches(ctx.db, level, identifier, ctx.maximumQueryResults);
  } catch (err) {
    if (!(err instanceof FindQueryError)) throw err;
    respond([finalResponse(request, DicomStatus.UnableToProcess, err.message)]);
    return;
  }

  const syntax = request.getDataset()?.getTransferSyntaxUid();
  const responses: CFindResponseT[] = [];
  for (const match of found.matches) {
    const dataset = new Dataset(
      {
        ...match,
        QueryRetrieveLevel: level,
        RetrieveAETitle: ctx.localAeTitle,
      },
      syntax,
    );
    // The library aborts the whole association when it cannot encode an
    // answer; try each first and leave out one that cannot be sent.
    if (!canEncode(dataset, ctx, caller)) continue;
    const response = CFindResponse.fromRequest(request);
    response.setAffectedSopClassUid(request.getAffectedSopClassUid());
    response.setStatus(DicomStatus.Pending);
    response.setDataset(dataset);
    responses.push(response);
  }
  const answered = responses.length;
  responses.push(finalResponse(request, DicomStatus.Success));
  respond(responses);

  ctx.log.access({
    op: 'DicomFind',
    status: 'Success',
    client: caller.client,
    user: caller.callingAeTitle,
    queryLevel: level,
    matches: answered,
    truncated: found.truncated,
  });
  if (found.truncated) {
    ctx.log.warn('C-FIND answer cut at MaximumQueryResults', {
      callingAeTitle: caller.callingAeTitle,
      maximumQueryResults: ctx.maximumQueryResults,
    });
  }
}

function canEncode(
  dataset: DimseDataset,
  ctx: ScpContext,
  caller: Caller,
): boolean {
  try {
    dataset.getDenaturalizedDataset();
    return true;
  } catch (err) {
    ctx.log.warn('A C-FIND match could not be encoded and was left out', {
      callingAeTitle: caller.callingAeTitle,
      reason: (err as Error).message,
    });
    return false;
  }
}

/** The identifier of a request, or an empty one. */
export function readIdentifier(request: {
  getDataset(): { getElements(): Record<string, unknown> } | undefined;
}): NaturalDataset {
  return request.getDataset()?.getElements() ?? {};
}

/**
 * The level of an identifier, or why it cannot be answered: the level
 * must be known, and Study Root has no PATIENT level.
 */
export function checkLevel(
  sopClassUid: string,
  identifier: NaturalDataset,
): QueryLevel | { why: string } {
  const model = queryModelOf(sopClassUid);
  const level = readLevel(identifier);
  if (!model) return { why: `SOP class ${sopClassUid} is not a query model` };
  if (!level) return { why: 'QueryRetrieveLevel is missing or not valid' };
  if (model === 'study' && level === 'PATIENT') {
    return { why: 'The Study Root model has no PATIENT level' };
  }
  return level;
}

/** Whether checkLevel found a level (rather than a reason). */
export function isLevel(
  value: QueryLevel | { why: string },
): value is QueryLevel {
  return typeof value === 'string';
}

function finalResponse(
  request: CFindRequestT,
  status: number,
  comment?: string,
): CFindResponseT {
  const response = CFindResponse.fromRequest(request);
  response.setAffectedSopClassUid(request.getAffectedSopClassUid());
  response.setStatus(status);
  if (comment) response.setErrorComment(comment.slice(0, 64));
  return response;
}
