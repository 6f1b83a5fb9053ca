/**
 * Frames as they reach the browser: one binary WebSocket message per frame
 * (socket.io event `frame`, a binary attachment, never base64). The worker
 * builds the message, the service relays it unchanged except for the
 * request id, and the browser's image loader reads it with
 * decodeWebFrame. Browser-safe: no Node APIs.
 *
 * Byte layout (integers little-endian):
 *
 * | offset | size | field                                                 |
 * | ------ | ---- | ----------------------------------------------------- |
 * | 0      | 4    | magic "ATRW" (0x41 0x54 0x52 0x57)                    |
 * | 4      | 1    | layout version, 1                                     |
 * | 5      | 1    | kind: 1 = pixel frame, 2 = rendered frame             |
 * | 6      | 1    | pixel: sample type code (SAMPLE_TYPE_CODES);          |
 * |        |      | rendered: image format code (IMAGE_FORMAT_CODES)      |
 * | 7      | 1    | compression: 0 = none                                 |
 * | 8      | 4    | request id the browser gave in `frames` (uint32)      |
 * | 12     | 4    | length N of the metadata JSON in bytes (uint32)       |
 * | 16     | N    | metadata, UTF-8 JSON (PixelFrameMeta or               |
 * |        |      | RenderedFrameMeta)                                    |
 * | 16+N   | 0..7 | zero padding: the payload starts at a multiple of 8   |
 * | P      | rest | pixel: stored values, little-endian, row by row,      |
 * |        |      | samples interleaved; rendered: the encoded image file |
 *
 * Pixel frames are lossless: the stored values exactly as decoded, with the
 * facts (rescale, spacing, photometric, window presets) needed to window and
 * measure them. Rendered frames are 8-bit images at a chosen window and
 * size, for thumbnails, first paint and cine over slow links.
 */
import {
  SAMPLE_TYPE_BYTES,
  SAMPLE_TYPE_CODES,
  sampleTypeOf,
  type SampleArray,
  type SampleType,
} from './binary-frame.js';
import type { FrameFacts } from './core-studies.js';
import {
  alignTo8,
  findCodeName,
  hostIsLittleEndian,
  viewLittleEndianSamples,
} from './sample-bytes.js';

/** The fixed part of a web frame message, in bytes. */
export const WEB_FRAME_HEADER_BYTES = 16;

/** Byte offset of the request id, which the service rewrites in place. */
export const WEB_FRAME_REQUEST_ID_OFFSET = 8;

const MAGIC = [0x41, 0x54, 0x52, 0x57];
const LAYOUT_VERSION = 1;

/** What a web frame carries. */
export const WEB_FRAME_KINDS = { pixel: 1, rendered: 2 } as const;
export type WebFrameKind = keyof typeof WEB_FRAME_KINDS;

/** Encodings of a rendered frame. */
export const IMAGE_FORMAT_CODES = { jpeg: 1, webp: 2, png: 3 } as const;
export type ImageFormat = keyof typeof IMAGE_FORMAT_CODES;

/** Metadata of a pixel frame: the facts of the frame, nothing else. */
export type PixelFrameMeta = FrameFacts;

/** Metadata of a rendered frame. */
export interface RenderedFrameMeta extends FrameFacts {
  format: ImageFormat;
  /** Size of the encoded image (after any downscaling). */
  width: number;
  height: number;
  /** The window the image was rendered at (modality units). */
  windowCentre: number;
  windowWidth: number;
}

/** A pixel frame taken apart; `samples` views the message without a copy. */
export interface WebPixelFrame {
  kind: 'pixel';
  requestId: number;
  meta: PixelFrameMeta;
  sampleType: SampleType;
  samples: SampleArray;
}

/** A rendered frame taken apart; `image` is the encoded file's bytes. */
export interface WebRenderedFrame {
  kind: 'rendered';
  requestId: number;
  meta: RenderedFrameMeta;
  image: Uint8Array;
}

export type WebFrame = WebPixelFrame | WebRenderedFrame;

/** Why a web frame could not be read. */
export class WebFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebFrameError';
  }
}

/** Builds a pixel frame message. Samples must be in host order. */
export function encodePixelFrame(
  requestId: number,
  meta: PixelFrameMeta,
  samples: SampleArray,
): Uint8Array {
  if (!hostIsLittleEndian && samples.BYTES_PER_ELEMENT > 1) {
    throw new WebFrameError('pixel frames are built on little-endian hosts');
  }
  const code = SAMPLE_TYPE_CODES[sampleTypeOf(samples)];
  const bytes = new Uint8Array(
    samples.buffer,
    samples.byteOffset,
    samples.byteLength,
  );
  return encodeMessage(WEB_FRAME_KINDS.pixel, code, requestId, meta, bytes);
}

/** Builds a rendered frame message around an encoded image file. */
export function encodeRenderedFrame(
  requestId: number,
  meta: RenderedFrameMeta,
  image: Uint8Array,
): Uint8Array {
  const code = IMAGE_FORMAT_CODES[meta.format];
  return encodeMessage(WEB_FRAME_KINDS.rendered, code, requestId, meta, image);
}

/** Reads the request id of a web frame without parsing the rest. */
export function readWebFrameRequestId(bytes: Uint8Array): number {
  checkHeader(bytes);
  return viewOf(bytes).getUint32(WEB_FRAME_REQUEST_ID_OFFSET, true);
}

/**
 * Changes the request id of a web frame in place (the service maps its own
 * ids back to the browser's).
 */
export function writeWebFrameRequestId(bytes: Uint8Array, id: number): void {
  checkHeader(bytes);
  viewOf(bytes).setUint32(WEB_FRAME_REQUEST_ID_OFFSET, id, true);
}

/** Reads a web frame; throws WebFrameError when it is not one. */
export function decodeWebFrame(bytes: Uint8Array): WebFrame {
  checkHeader(bytes);
  const view = viewOf(bytes);
  const kindCode = view.getUint8(5);
  const code = view.getUint8(6);
  if (view.getUint8(7) !== 0) {
    throw new WebFrameError('compressed web frames are not supported');
  }

  const requestId = view.getUint32(WEB_FRAME_REQUEST_ID_OFFSET, true);
  const jsonLength = view.getUint32(12, true);
  const payloadAt = alignTo8(WEB_FRAME_HEADER_BYTES + jsonLength);
  if (payloadAt > bytes.byteLength) {
    throw new WebFrameError('web frame metadata runs past its end');
  }
  const json = bytes.subarray(
    WEB_FRAME_HEADER_BYTES,
    WEB_FRAME_HEADER_BYTES + jsonLength,
  );
  const meta: unknown = JSON.parse(new TextDecoder().decode(json));
  const payload = bytes.subarray(payloadAt);

  if (kindCode === WEB_FRAME_KINDS.rendered) {
    nameOf(IMAGE_FORMAT_CODES, code, 'image format');
    const renderedMeta = meta as RenderedFrameMeta;
    return { kind: 'rendered', requestId, meta: renderedMeta, image: payload };
  }
  if (kindCode !== WEB_FRAME_KINDS.pixel) {
    throw new WebFrameError(`web frame kind ${kindCode} is unknown`);
  }
  const sampleType = nameOf(SAMPLE_TYPE_CODES, code, 'sample type');
  const samples = viewSamples(sampleType, payload);
  const pixelMeta = meta as PixelFrameMeta;
  return { kind: 'pixel', requestId, meta: pixelMeta, sampleType, samples };
}

function encodeMessage(
  kind: number,
  code: number,
  requestId: number,
  meta: unknown,
  payload: Uint8Array,
): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(meta));
  const payloadAt = alignTo8(WEB_FRAME_HEADER_BYTES + json.length);
  const out = new Uint8Array(payloadAt + payload.byteLength);
  const view = viewOf(out);

  out.set(MAGIC, 0);
  view.setUint8(4, LAYOUT_VERSION);
  view.setUint8(5, kind);
  view.setUint8(6, code);
  view.setUint8(7, 0);
  view.setUint32(WEB_FRAME_REQUEST_ID_OFFSET, requestId, true);
  view.setUint32(12, json.length, true);
  out.set(json, WEB_FRAME_HEADER_BYTES);
  out.set(payload, payloadAt);
  return out;
}

function checkHeader(bytes: Uint8Array): void {
  if (bytes.byteLength < WEB_FRAME_HEADER_BYTES) {
    throw new WebFrameError('web frame shorter than its header');
  }
  if (MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new WebFrameError('web frame does not start with ATRW');
  }
  if (bytes[4] !== LAYOUT_VERSION) {
    throw new WebFrameError(`web frame layout ${bytes[4]} is not supported`);
  }
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function nameOf<T extends Record<string, number>>(
  table: T,
  code: number,
  what: string,
): keyof T & string {
  const name = findCodeName(table, code);
  if (name === undefined) {
    throw new WebFrameError(`web frame ${what} ${code} is unknown`);
  }
  return name;
}

function viewSamples(type: SampleType, payload: Uint8Array): SampleArray {
  const samples = viewLittleEndianSamples(
    type,
    SAMPLE_TYPE_BYTES[type],
    payload,
  );
  if (!samples) {
    throw new WebFrameError(
      `web frame payload of ${payload.byteLength} bytes is not whole ${type} samples`,
    );
  }
  return samples;
}
