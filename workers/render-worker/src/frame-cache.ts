/** The cache key of one frame. */
export function frameKey(sopInstanceUid: string, frameIndex: number): string {
  return `${sopInstanceUid}/${frameIndex}`;
}

/**
 * Frames of a session (decoded pixel frames, or encoded rendered ones),
 * least recently used first out, bounded by their bytes as `sizeOf` counts
 * them. A frame larger than the whole budget is not kept.
 */
export class FrameCache<V> {
  readonly #maxBytes: number;
  readonly #sizeOf: (value: V) => number;
  readonly #frames = new Map<string, V>();
  #bytes = 0;

  constructor(maxBytes: number, sizeOf: (value: V) => number) {
    this.#maxBytes = maxBytes;
    this.#sizeOf = sizeOf;
  }

  /** Bytes of samples held now. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#frames.size;
  }

  /** The frame, marked as just used; undefined when not held. */
  get(key: string): V | undefined {
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
  set(key: string, frame: V): void {
    const size = this.#sizeOf(frame);
    if (size > this.#maxBytes) return;
    this.delete(key);

    this.#frames.set(key, frame);
    this.#bytes += size;
    for (const [oldKey, old] of this.#frames) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#frames.delete(oldKey);
      this.#bytes -= this.#sizeOf(old);
    }
  }

  delete(key: string): void {
    const frame = this.#frames.get(key);
    if (!frame) return;
    this.#frames.delete(key);
    this.#bytes -= this.#sizeOf(frame);
  }

  /** Drops everything (the memory goes back once collected). */
  clear(): void {
    this.#frames.clear();
    this.#bytes = 0;
  }
}
