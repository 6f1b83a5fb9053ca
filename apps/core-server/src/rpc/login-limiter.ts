import { coreError } from '../errors.js';

/** Logins one client address may have running at once. */
export const LOGINS_PER_ADDRESS = 4;

/** Logins from one address that may wait for a turn; more are refused. */
export const LOGINS_WAITING_PER_ADDRESS = 32;

interface AddressTurns {
  running: number;
  waiting: (() => void)[];
}

/**
 * Shares the work of checking passwords between client addresses. Each
 * password check is an scrypt hash on libuv's small thread pool; without a
 * limit, one address sending hundreds of logins would queue hundreds of
 * hashes ahead of everyone else's. Here an address runs at most
 * LOGINS_PER_ADDRESS at once, the next LOGINS_WAITING_PER_ADDRESS wait
 * their turn in order, and the rest get CORE_TOO_MANY_LOGINS.
 *
 * Known limitation: logins relayed by the WebClient Service all come from
 * its address, so they share that address's turns; the service limits its
 * own users.
 */
export class LoginLimiter {
  readonly #perAddress: number;
  readonly #maxWaiting: number;
  readonly #byAddress = new Map<string, AddressTurns>();

  constructor(
    perAddress = LOGINS_PER_ADDRESS,
    maxWaiting = LOGINS_WAITING_PER_ADDRESS,
  ) {
    this.#perAddress = perAddress;
    this.#maxWaiting = maxWaiting;
  }

  /**
   * Waits for the address's turn; resolves with the function that ends it.
   * Throws CORE_TOO_MANY_LOGINS when too many already wait.
   */
  async take(address: string): Promise<() => void> {
    let turns = this.#byAddress.get(address);
    if (!turns) {
      turns = { running: 0, waiting: [] };
      this.#byAddress.set(address, turns);
    }

    if (turns.running < this.#perAddress) {
      turns.running += 1;
    } else {
      if (turns.waiting.length >= this.#maxWaiting) {
        throw coreError('CORE_TOO_MANY_LOGINS');
      }
      // The turn passes straight from the login that ends (see below).
      await new Promise<void>((resolve) => turns.waiting.push(resolve));
    }
    return this.#endOnce(address, turns);
  }

  /** Logins running now from an address. */
  runningFor(address: string): number {
    return this.#byAddress.get(address)?.running ?? 0;
  }

  #endOnce(address: string, turns: AddressTurns): () => void {
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const next = turns.waiting.shift();
      if (next) {
        next();
        return;
      }
      turns.running -= 1;
      if (turns.running === 0) this.#byAddress.delete(address);
    };
  }
}
