import { createRequire } from 'node:module';

import { dicomError } from '../errors.js';

const require = createRequire(import.meta.url);

/** What the Emscripten decoders of the Cornerstone codec packages offer. */
export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
    isSigned?: boolean;
  };
  getInterleaveMode?(): number;
  delete(): void;
}

export type WasmModule = Record<string, new () => WasmDecoder>;

type Factory = (options: Record<string, unknown>) => Promise<WasmModule>;

/** The WASM codecs Atrium uses, by the package entry that holds each. */
export const wasmCodecs = {
  charls: '@cornerstonejs/codec-charls/decodewasmjs',
  openjpeg: '@cornerstonejs/codec-openjpeg/decodewasmjs',
  openjph: '@cornerstonejs/codec-openjph/wasmjs',
  libjpegTurbo: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
} as const;

export type WasmCodecName = keyof typeof wasmCodecs;

const loading = new Map<WasmCodecName, Promise<WasmModule>>();
const loadTimes = new Map<string, number>();

/**
 * Loads a WASM codec once, on first use. Print hooks are replaced so the
 * codec cannot write to stdout (OpenJPEG prints a line per decode).
 */
export function loadWasmCodec(name: WasmCodecName): Promise<WasmModule> {
  let module = loading.get(name);
  if (!module) {
    module = instantiate(name);
    loading.set(name, module);
    // A failed load may be retried by a later call.
    module.catch(() => loading.delete(name));
  }
  return module;
}

async function instantiate(name: WasmCodecName): Promise<WasmModule> {
  const started = performance.now();
  try {
    const factory = require(wasmCodecs[name]) as Factory;
    const silent = () => undefined;
    const module = await factory({ print: silent, printErr: silent });
    recordLoadTime(name, performance.now() - started);
    return module;
  } catch (cause) {
    throw dicomError(
      'DCM_CODEC_LOAD_FAILED',
      `The ${name} codec could not be loaded: ${(cause as Error).message}`,
    );
  }
}

/** Remembers how long a codec took to load, for the benchmark. */
export function recordLoadTime(name: string, milliseconds: number): void {
  if (!loadTimes.has(name)) loadTimes.set(name, milliseconds);
}

/** Load time in milliseconds of each codec loaded so far in this process. */
export function codecLoadTimes(): ReadonlyMap<string, number> {
  return loadTimes;
}

/**
 * Runs one decode on a fresh decoder instance of a loaded module and
 * returns a copy of the output (the WASM heap view is reused by the codec).
 */
export function runWasmDecoder(
  module: WasmModule,
  className: string,
  encoded: Uint8Array,
): {
  bytes: Uint8Array;
  info: ReturnType<WasmDecoder['getFrameInfo']>;
  interleaveMode: number | undefined;
} {
  const Decoder = module[className];
  if (!Decoder)
    throw dicomError('DCM_CODEC_LOAD_FAILED', `The codec has no ${className}`);

  const decoder = new Decoder();
  try {
    decoder.getEncodedBuffer(encoded.byteLength).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    const bytes = decoder.getDecodedBuffer().slice();
    return { bytes, info, interleaveMode: decoder.getInterleaveMode?.() };
  } finally {
    decoder.delete();
  }
}
