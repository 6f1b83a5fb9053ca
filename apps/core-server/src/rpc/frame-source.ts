import { readFile } from 'node:fs/promises';
import type { Database } from 'better-sqlite3';
import {
  decodeFrame,
  parseDicom,
  type DecodedFrame,
  type DicomDataset,
} from '@atrium/dicom';
import {
  AtriumError,
  type FrameFacts,
  type LookupTable,
  type PixelFrame,
} from '@atrium/protocol';
import { coreError } from '../errors.js';
import { findInstance } from '../studies/find-instance.js';
import type { InstanceLocation } from '../studies/study-types.js';
import type { FrameReader } from './call-context.js';
import { LruCache } from './lru-cache.js';

/** Bounds of the parsed-dataset cache. */
export interface FrameCacheLimits {
  /** Parsed files kept at most. */
  maxDatasets: number;
  /** Total size of the files kept, in bytes. */
  maxBytes: number;
}

export const DEFAULT_FRAME_CACHE: FrameCacheLimits = {
  maxDatasets: 64,
  maxBytes: 256 * 1024 * 1024,
};

/**
 * Reads frames from the image store: finds the instance in the index,
 * parses its file (keeping recently used datasets in a small LRU, since a
 * viewer asks for every frame of the same files in turn) and decodes the
 * frame through @atrium/dicom.
 */
export class FrameSource implements FrameReader {
  readonly #db: Database;
  readonly #cache: LruCache<string, DicomDataset>;
  readonly #parsing = new Map<string, Promise<DicomDataset>>();

  constructor(db: Database, limits: FrameCacheLimits = DEFAULT_FRAME_CACHE) {
    this.#db = db;
    this.#cache = new LruCache(limits.maxDatasets, limits.maxBytes);
  }

  async readFrame(
    sopInstanceUid: string,
    frameIndex: number,
  ): Promise<PixelFrame> {
    const location = findInstance(this.#db, sopInstanceUid);
    if (!location) {
      throw coreError(
        'CORE_INSTANCE_NOT_FOUND',
        `No instance with the SOP Instance UID ${sopInstanceUid} is in the image database`,
      );
    }
    if (!location.hasPixelData) {
      throw coreError(
        'CORE_FRAME_UNDECODABLE',
        'This instance has no pixel data (it is not an image)',
      );
    }
    if (frameIndex >= location.frames) {
      throw coreError(
        'CORE_FRAME_OUT_OF_RANGE',
        `Frame index ${frameIndex} does not exist; the instance has ${location.frames} frame(s), from index 0`,
      );
    }

    const dataset = await this.#dataset(location);
    const decoded = await decode(dataset, frameIndex);
    return { facts: factsOf(location, decoded), samples: decoded.pixels };
  }

  async #dataset(location: InstanceLocation): Promise<DicomDataset> {
    const key = location.filePath;
    const cached = this.#cache.get(key);
    if (cached) return cached;

    // Requests for frames of one file arrive together; parse it once.
    let parsing = this.#parsing.get(key);
    if (!parsing) {
      parsing = parseFile(location).finally(() => this.#parsing.delete(key));
      this.#parsing.set(key, parsing);
    }
    const dataset = await parsing;
    this.#cache.set(key, dataset, location.fileSize);
    return dataset;
  }
}

async function parseFile(location: InstanceLocation): Promise<DicomDataset> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(location.filePath);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw coreError(
      'CORE_INTERNAL',
      `The stored file of instance ${location.sopInstanceUid} could not be read (${reason})`,
    );
  }
  try {
    return parseDicom(bytes);
  } catch (err) {
    throw undecodable(err);
  }
}

async function decode(
  dataset: DicomDataset,
  frameIndex: number,
): Promise<DecodedFrame> {
  try {
    return await decodeFrame(dataset, frameIndex);
  } catch (err) {
    if (err instanceof AtriumError && err.code === 'DCM_FRAME_OUT_OF_RANGE') {
      throw coreError('CORE_FRAME_OUT_OF_RANGE', err.message);
    }
    throw undecodable(err);
  }
}

/** Decoder errors carry a specific reason; pass it on when it is safe. */
function undecodable(err: unknown): AtriumError {
  const reason =
    err instanceof AtriumError && err.expose ? `: ${err.message}` : '';
  return coreError(
    'CORE_FRAME_UNDECODABLE',
    `The pixel data of this instance cannot be decoded${reason}`,
  );
}

/**
 * Known limitation: overlay planes (60xx) are not sent with the frame yet;
 * a viewer that must burn them in has to wait for a later protocol field.
 */
function factsOf(location: InstanceLocation, frame: DecodedFrame): FrameFacts {
  return {
    studyUid: location.studyUid,
    seriesUid: location.seriesUid,
    sopInstanceUid: location.sopInstanceUid,
    frameIndex: frame.frameIndex,
    frames: frame.numberOfFrames,
    rows: frame.rows,
    columns: frame.columns,
    samplesPerPixel: frame.samplesPerPixel,
    photometricInterpretation: frame.photometricInterpretation,
    colorSpace: frame.colorSpace,
    bitsAllocated: frame.bitsAllocated,
    bitsStored: frame.bitsStored,
    signed: frame.signed,
    floatingPoint: frame.floatingPoint,
    min: frame.min,
    max: frame.max,
    pixelSpacing: frame.pixelSpacing ?? null,
    rescaleSlope: frame.rescaleSlope,
    rescaleIntercept: frame.rescaleIntercept,
    rescaleType: frame.rescaleType ?? null,
    windowPresets: frame.windows.map((w) => ({
      centre: w.center,
      width: w.width,
      explanation: w.explanation ?? '',
    })),
    voiFunction: frame.voiFunction,
    ...(frame.modalityLut && { modalityLut: tableOf(frame.modalityLut) }),
    ...(frame.voiLut && { voiLut: tableOf(frame.voiLut) }),
    ...(frame.palette && {
      palette: {
        red: tableOf(frame.palette.red),
        green: tableOf(frame.palette.green),
        blue: tableOf(frame.palette.blue),
      },
    }),
  };
}

function tableOf(lut: {
  firstMapped: number;
  bits: number;
  data: Uint16Array;
}): LookupTable {
  return {
    firstMapped: lut.firstMapped,
    bits: lut.bits,
    data: Array.from(lut.data),
  };
}
