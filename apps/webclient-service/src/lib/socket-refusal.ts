/**
 * The words a page shows when the service refuses this tab's socket (the
 * `socket-refused` event). The browser session goes on in its other tabs,
 * but this one has no connection to its render worker until it is
 * reloaded, so the words say what to do rather than that the connection
 * failed.
 */
import type { WireError } from '@atrium/protocol';

/** The code of a socket refused because its session has too many open. */
export const TOO_MANY_SOCKETS = 'WEB_TOO_MANY_SOCKETS';

/** The sentence for a refused socket, by the service's error. */
export function describeSocketRefusal(error: WireError | undefined): string {
  if (error?.code === TOO_MANY_SOCKETS) {
    return 'Atrium is open in too many tabs or windows of this login, so this one is not connected. Close one of the others, then reload this page.';
  }
  const reason = error?.message.trim();
  if (reason) {
    const sentence = /[.!?]$/.test(reason) ? reason : `${reason}.`;
    return `The server did not connect this page: ${sentence} Reload the page to try again.`;
  }
  return 'The server did not connect this page. Reload the page to try again.';
}
