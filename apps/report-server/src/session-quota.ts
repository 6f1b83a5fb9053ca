import type { AtriumError } from '@atrium/protocol';

/**
 * A number of places per Core Server session (live sockets, reads in
 * progress), each holding a Core connection: one session, whether a page
 * reloaded in a loop or a script, cannot take more than its share.
 */
export class SessionQuota {
  readonly #limit: number;
  readonly #refusal: () => AtriumError;
  readonly #taken = new Map<string, number>();

  constructor(limit: number, refusal: () => AtriumError) {
    this.#limit = limit;
    this.#refusal = refusal;
  }

  /**
   * Takes a place of the session or throws the refusal; the function
   * returned gives it back (once, however often it is called).
   */
  take(sessionId: string): () => void {
    const taken = this.#taken.get(sessionId) ?? 0;
    if (taken >= this.#limit) throw this.#refusal();
    this.#taken.set(sessionId, taken + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.#taken.get(sessionId) ?? 1) - 1;
      if (left > 0) this.#taken.set(sessionId, left);
      else this.#taken.delete(sessionId);
    };
  }

  /** Places taken over every session. */
  get size(): number {
    let total = 0;
    for (const count of this.#taken.values()) total += count;
    return total;
  }
}
