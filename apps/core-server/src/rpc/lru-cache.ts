/**
 * A least-recently-used cache bounded by entry count and by total size.
 * Entries whose size alone exceeds the byte bound are not kept.
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, { value: V; size: number }>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxEntries: number, maxBytes: number) {
    this.#maxEntries = maxEntries;
    this.#maxBytes = maxBytes;
  }

  /** Entries held now. */
  get size(): number {
    return this.#entries.size;
  }

  /** Sum of the sizes of the entries held now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The value for a key, which becomes the most recently used. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // Re-inserting moves the key to the end of the Map's order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores a value, dropping the least recently used ones over a bound. */
  set(key: K, value: V, size: number): void {
    this.delete(key);
    if (size > this.#maxBytes) return;

    this.#entries.set(key, { value, size });
    this.#bytes += size;
    while (
      this.#entries.size > this.#maxEntries ||
      this.#bytes > this.#maxBytes
    ) {
      const oldest = this.#entries.keys().next().value as K;
      this.delete(oldest);
    }
  }

  delete(key: K): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.size;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}
