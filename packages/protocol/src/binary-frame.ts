/**
 * Binary WebSocket messages: a pixel frame (and later other binary payloads)
 * travels as raw bytes after a small fixed header, never as base64 text.
 *
 * Byte layout (all integers little-endian):
 *
 * | offset | size | field                                                  |
 * | ------ | ---- | ------------------------------------------------------ |
 * | 0      | 4    | magic "ATRF" (0x41 0x54 0x52 0x46)                     |
 * | 4      | 1    | layout version, 1                                      |
 * | 5      | 1    | kind: 1 = pixel frame                                  |
 * | 6      | 1    | sample type code (see SAMPLE_TYPE_CODES)               |
 * | 7      | 1    | compression: 0 = none (room for lossless compression)  |
 * | 8      | 4    | request id this message answers (uint32)               |
 * | 12     | 4    | length N of the metadata JSON in bytes (uint32)        |
 * | 16     | N    | metadata, UTF-8 JSON (for pixel frames: FrameFacts)    |
 * | 16+N   | 0..7 | zero padding so the payload starts at a multiple of 8  |
 * | P      | rest | payload: samples in the named type, little-endian     |
 *
 * The padding lets a receiver view the payload as a typed array without
 * copying it.
 */
import {
  alignTo8,
  findCodeName,
  toLittleEndianBytes,
  viewLittleEndianSamples,
} from './sample-bytes.js';

/** The fixed part of every binary message, in bytes. */
export const BINARY_HEADER_BYTES = 16;

const MAGIC = [0x41, 0x54, 0x52, 0x46];
const LAYOUT_VERSION = 1;

/** What a binary message carries. */
export const BINARY_KINDS = { pixelFrame: 1 } as const;
export type BinaryKind = keyof typeof BINARY_KINDS;

/** How the payload's samples are stored. */
export const SAMPLE_TYPE_CODES = {
  uint8: 1,
  int8: 2,
  uint16: 3,
  int16: 4,
  uint32: 5,
  int32: 6,
  float32: 7,
  float64: 8,
} as const;
export type SampleType = keyof typeof SAMPLE_TYPE_CODES;

/** Bytes per sample of each sample type. */
export const SAMPLE_TYPE_BYTES: Readonly<Record<SampleType, number>> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  float64: 8,
};

/** The typed array that holds samples of each type. */
export type SampleArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** A binary message taken apart. */
export interface BinaryMessage<M = unknown> {
  kind: BinaryKind;
  requestId: number;
  sampleType: SampleType;
  metadata: M;
  samples: SampleArray;
}

/** Why a binary message could not be read. */
export class BinaryFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BinaryFrameError';
  }
}

/** Names the sample type of a typed array. */
export function sampleTypeOf(samples: SampleArray): SampleType {
  if (samples instanceof Uint8Array) return 'uint8';
  if (samples instanceof Int8Array) return 'int8';
  if (samples instanceof Uint16Array) return 'uint16';
  if (samples instanceof Int16Array) return 'int16';
  if (samples instanceof Uint32Array) return 'uint32';
  if (samples instanceof Int32Array) return 'int32';
  if (samples instanceof Float32Array) return 'float32';
  return 'float64';
}

/** Builds one binary message: header, metadata JSON, padding, samples. */
export function encodeBinaryMessage(
  kind: BinaryKind,
  requestId: number,
  metadata: unknown,
  samples: SampleArray,
): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(metadata));
  const payloadOffset = alignTo8(BINARY_HEADER_BYTES + json.length);
  const out = new Uint8Array(payloadOffset + samples.byteLength);
  const view = new DataView(out.buffer);

  out.set(MAGIC, 0);
  view.setUint8(4, LAYOUT_VERSION);
  view.setUint8(5, BINARY_KINDS[kind]);
  view.setUint8(6, SAMPLE_TYPE_CODES[sampleTypeOf(samples)]);
  view.setUint8(7, 0);
  view.setUint32(8, requestId, true);
  view.setUint32(12, json.length, true);
  out.set(json, BINARY_HEADER_BYTES);

  // Samples are written little-endian whatever the host's byte order.
  out.set(toLittleEndianBytes(samples), payloadOffset);
  return out;
}

/** Reads a binary message; throws BinaryFrameError when it is not one. */
export function decodeBinaryMessage<M = unknown>(
  bytes: Uint8Array,
): BinaryMessage<M> {
  if (bytes.byteLength < BINARY_HEADER_BYTES) {
    throw new BinaryFrameError('binary message shorter than its header');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (MAGIC.some((b, i) => view.getUint8(i) !== b)) {
    throw new BinaryFrameError('binary message does not start with ATRF');
  }
  if (view.getUint8(4) !== LAYOUT_VERSION) {
    throw new BinaryFrameError(
      `binary message layout ${view.getUint8(4)} is not supported`,
    );
  }

  const kind = nameOf(BINARY_KINDS, view.getUint8(5), 'kind');
  const sampleType = nameOf(SAMPLE_TYPE_CODES, view.getUint8(6), 'sample type');
  if (view.getUint8(7) !== 0) {
    throw new BinaryFrameError('compressed binary payloads are not supported');
  }
  const requestId = view.getUint32(8, true);
  const jsonLength = view.getUint32(12, true);
  const payloadOffset = alignTo8(BINARY_HEADER_BYTES + jsonLength);
  if (payloadOffset > bytes.byteLength) {
    throw new BinaryFrameError('binary message metadata runs past its end');
  }

  const json = bytes.subarray(
    BINARY_HEADER_BYTES,
    BINARY_HEADER_BYTES + jsonLength,
  );
  const metadata = JSON.parse(new TextDecoder().decode(json)) as M;
  const samples = readSamples(sampleType, bytes.subarray(payloadOffset));
  return { kind, requestId, sampleType, metadata, samples };
}

function nameOf<T extends Record<string, number>>(
  table: T,
  code: number,
  what: string,
): keyof T & string {
  const name = findCodeName(table, code);
  if (name === undefined) {
    throw new BinaryFrameError(`binary message ${what} ${code} is unknown`);
  }
  return name;
}

function readSamples(type: SampleType, payload: Uint8Array): SampleArray {
  const samples = viewLittleEndianSamples(
    type,
    SAMPLE_TYPE_BYTES[type],
    payload,
  );
  if (!samples) {
    throw new BinaryFrameError(
      `binary payload of ${payload.byteLength} bytes is not whole ${type} samples`,
    );
  }
  return samples;
}
