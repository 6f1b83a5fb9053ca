import type { SessionEndReason } from '@atrium/protocol';
import type { RpcConnection } from './rpc-connection.js';

/**
 * Which open connections are attached to which session, so that ending a
 * session (logout, suspension, deletion) reaches every socket using it:
 * the browser's service connection and the worker's alike.
 */
export class SessionRegistry {
  readonly #bySession = new Map<string, Set<RpcConnection>>();
  readonly #sessionOf = new Map<RpcConnection, string>();

  /** Records that a connection is now bound to a session (or to none). */
  bind(connection: RpcConnection, sessionId: string | undefined): void {
    this.remove(connection);
    if (!sessionId) return;
    let set = this.#bySession.get(sessionId);
    if (!set) {
      set = new Set();
      this.#bySession.set(sessionId, set);
    }
    set.add(connection);
    this.#sessionOf.set(connection, sessionId);
  }

  /** The sessions that have at least one open connection. */
  sessionIds(): string[] {
    return [...this.#bySession.keys()];
  }

  /** Forgets a connection (it closed). */
  remove(connection: RpcConnection): void {
    const sessionId = this.#sessionOf.get(connection);
    if (sessionId === undefined) return;
    this.#sessionOf.delete(connection);
    const set = this.#bySession.get(sessionId);
    set?.delete(connection);
    if (set?.size === 0) this.#bySession.delete(sessionId);
  }

  /**
   * Sends SessionEnded to, and closes, every connection of the sessions;
   * returns how many connections that was.
   */
  endSessions(sessionIds: readonly string[], reason: SessionEndReason): number {
    let ended = 0;
    for (const sessionId of sessionIds) {
      const set = this.#bySession.get(sessionId);
      if (!set) continue;
      for (const connection of [...set]) {
        this.remove(connection);
        connection.endSession(reason);
        ended += 1;
      }
    }
    return ended;
  }
}
