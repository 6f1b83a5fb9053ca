import {
  IMAGE_FORMAT_CODES,
  MAX_REQUEST_ID,
  type FrameRequest,
  type OpenStudyRequest,
  type RenderOptions,
  type ViewerState,
} from '@atrium/protocol';
import { webError } from './errors.js';

/**
 * Checks of what browsers send: the service relays nothing it has not
 * looked at, and a malformed message gets WEB_BAD_REQUEST naming the field.
 */

/** The longest frame batch one `frames` event may carry. */
export const MAX_FRAMES_PER_EVENT = 512;

/** Reads the `requests` of a `frames` event. */
export function readFrameRequests(params: unknown): FrameRequest[] {
  const requests = (params as { requests?: unknown })?.requests;
  if (!Array.isArray(requests)) throw bad('frames.requests must be an array');
  if (requests.length > MAX_FRAMES_PER_EVENT) {
    throw bad(`frames.requests holds at most ${MAX_FRAMES_PER_EVENT} requests`);
  }
  return requests.map((request, i) => readFrameRequest(request, i));
}

/**
 * The request ids a refused `frames` event still names, so each waiting
 * request can be answered: the valid ids among its first
 * MAX_FRAMES_PER_EVENT entries, each once.
 */
export function readRefusedRequestIds(params: unknown): number[] {
  const requests = (params as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) return [];
  const ids = new Set<number>();
  for (const request of requests.slice(0, MAX_FRAMES_PER_EVENT)) {
    const id = (request as { requestId?: unknown } | null)?.requestId;
    if (isRequestId(id)) ids.add(id);
  }
  return [...ids];
}

/** Reads the request ids of a `cancel-frames` event. */
export function readRequestIds(params: unknown): number[] {
  const ids = (params as { requestIds?: unknown })?.requestIds;
  if (!Array.isArray(ids) || !ids.every(isRequestId)) {
    throw bad('cancel-frames.requestIds must be an array of request ids');
  }
  return ids as number[];
}

/**
 * Reads an `open-study` event: a Study Instance UID or an Accession Number
 * (a DICOM SH value: up to 16 printable characters, no backslash). The
 * wildcards * and ? are refused: they would make the Core Server's C-FIND
 * match other studies.
 */
export function readOpenStudy(params: unknown): OpenStudyRequest {
  const { studyUid, accessionNumber } = (params ?? {}) as {
    studyUid?: unknown;
    accessionNumber?: unknown;
  };
  if (studyUid !== undefined && accessionNumber !== undefined) {
    throw bad('open-study names a studyUid or an accessionNumber, not both');
  }
  if (accessionNumber !== undefined) {
    const ok =
      typeof accessionNumber === 'string' &&
      /^[\x20-\x29\x2b-\x3e\x40-\x5b\x5d-\x7e]{1,16}$/.test(accessionNumber) &&
      accessionNumber.trim() !== '';
    if (!ok) {
      throw bad(
        'open-study.accessionNumber must be 1 to 16 characters without * ? or \\',
      );
    }
    return { accessionNumber: accessionNumber.trim() };
  }
  if (!isUid(studyUid)) throw bad('open-study.studyUid must be a UID');
  return { studyUid };
}

/** Reads a `viewer-state` report. */
export function readViewerState(state: unknown): ViewerState {
  const value = state as ViewerState | null;
  const studyUid = value?.studyUid;
  if (studyUid !== null && !isUid(studyUid)) {
    throw bad('viewer-state.studyUid must be a UID or null');
  }
  if (!Array.isArray(value?.viewports) || value.viewports.length > 16) {
    throw bad('viewer-state.viewports must be an array of at most 16');
  }
  for (const viewport of value.viewports) {
    const ok =
      (viewport?.seriesUid === null || isUid(viewport?.seriesUid)) &&
      isIndex(viewport.sliceIndex) &&
      isIndex(viewport.phaseIndex);
    if (!ok) throw bad('viewer-state.viewports hold series, slice and phase');
  }
  // The state is kept and handed to a worker; its size is bounded.
  if (JSON.stringify(value).length > 16_384) {
    throw bad('viewer-state is larger than 16 KiB');
  }
  return value;
}

function readFrameRequest(value: unknown, i: number): FrameRequest {
  const request = value as FrameRequest;
  const where = `frames.requests[${i}]`;
  if (!isRequestId(request?.requestId)) {
    throw bad(`${where}.requestId must be a whole number from 1`);
  }
  if (!isUid(request.sopInstanceUid)) {
    throw bad(`${where}.sopInstanceUid must be a UID`);
  }
  if (!isIndex(request.frameIndex)) {
    throw bad(`${where}.frameIndex must be a whole number from 0`);
  }
  if (request.kind === 'pixel') {
    return pick(request, undefined);
  }
  if (request.kind !== 'rendered') {
    throw bad(`${where}.kind must be 'pixel' or 'rendered'`);
  }
  return pick(request, readRenderOptions(request.render, where));
}

function readRenderOptions(value: unknown, where: string): RenderOptions {
  const render = value as RenderOptions;
  if (!render || !Object.hasOwn(IMAGE_FORMAT_CODES, render.format)) {
    throw bad(`${where}.render.format must be jpeg, webp or png`);
  }
  const numbers = ['quality', 'maxSize', 'windowCentre', 'windowWidth'];
  for (const key of numbers) {
    const n = (render as unknown as Record<string, unknown>)[key];
    if (n !== undefined && !Number.isFinite(n)) {
      throw bad(`${where}.render.${key} must be a number`);
    }
  }
  return {
    format: render.format,
    quality: render.quality,
    maxSize: render.maxSize,
    windowCentre: render.windowCentre,
    windowWidth: render.windowWidth,
  };
}

function pick(
  request: FrameRequest,
  render: RenderOptions | undefined,
): FrameRequest {
  const { requestId, sopInstanceUid, frameIndex, kind } = request;
  return render
    ? { requestId, sopInstanceUid, frameIndex, kind, render }
    : { requestId, sopInstanceUid, frameIndex, kind };
}

function isRequestId(value: unknown): value is number {
  return (
    Number.isInteger(value) &&
    (value as number) >= 1 &&
    (value as number) <= MAX_REQUEST_ID
  );
}

function isIndex(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

/**
 * Whether a value can stand for a UID. UIDs are digits and dots, at most
 * 64 characters; files in the wild break the rule, so any short printable
 * text is passed on.
 */
export function isUid(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_UID_CHARACTERS &&
    /^[\x21-\x7e]+$/.test(value)
  );
}

/** Longest UID a browser may name. */
export const MAX_UID_CHARACTERS = 128;

function bad(message: string) {
  return webError('WEB_BAD_REQUEST', message);
}
