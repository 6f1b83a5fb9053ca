import type { PixelFrame } from '@atrium/protocol';

/** The cache key of one frame. */
export function frameKey(sopInstanceUid: string, frameIndex: number): string {
  return `${sopInstanceUid}/${frameIndex}`;
}

/**
 * A session's decoded frames, least recently used first out, bounded by the
 * bytes of their samples (the facts are small beside them). A frame larger
 * than the whole budget is not kept.
 */
export class FrameCache {
  readonly #maxBytes: number;
  readonly #frames = new Map<string, PixelFrame>();
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Bytes of samples held now. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#frames.size;
  }

  /** The frame, marked as just used; undefined when not held. */
  get(key: string): PixelFrame | undefined {
    const frame = this.#frames.get(key);
    if (!frame) return undefined;
    this.#frames.delete(key);
    this.#frames.set(key, frame);
    return frame;
  }

  has(key: string): boolean {
    return this.#frames.has(key);
  }

  /** Keeps a frame, dropping the least recently used beyond the budget. */
  set(key: string, frame: PixelFrame): void {
    const size = frame.samples.byteLength;
    if (size > this.#maxBytes) return;
    this.delete(key);

    this.#frames.set(key, frame);
    this.#bytes += size;
    for (const [oldKey, old] of this.#frames) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#frames.delete(oldKey);
      this.#bytes -= old.samples.byteLength;
    }
  }

  delete(key: string): void {
    const frame = this.#frames.get(key);
    if (!frame) return;
    this.#frames.delete(key);
    this.#bytes -= frame.samples.byteLength;
  }

  /** Drops everything (the memory goes back once collected). */
  clear(): void {
    this.#frames.clear();
    this.#bytes = 0;
  }
}
