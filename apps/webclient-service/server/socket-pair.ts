import type { Duplex } from 'node:stream';
import { CLOSE_GRACE_MS, endSocket } from './plain-answers.js';

/**
 * Ties the browser's socket to the report server's once http-proxy has
 * piped them together, so neither outlives the other. http-proxy only
 * ends one side when the other closes or fails; a side that is paused
 * because its peer stopped reading then never sees the end it waits for,
 * and both stay open for good. Here:
 * - the browser's socket closing or failing destroys both;
 * - the report server's closing ends the browser's socket, which is
 *   destroyed if it has not closed within CLOSE_GRACE_MS;
 * - the report server's failing destroys both;
 * - once either side has ended, both are destroyed if they are still
 *   open CLOSE_GRACE_MS later.
 * Returns a function that destroys both at once.
 */
export function pairSockets(browser: Duplex, upstream: Duplex): () => void {
  let timer: NodeJS.Timeout | undefined;
  const destroyBoth = () => {
    clearTimeout(timer);
    browser.destroy();
    upstream.destroy();
  };
  const destroySoon = () => {
    timer ??= setTimeout(destroyBoth, CLOSE_GRACE_MS).unref();
  };

  if (browser.destroyed || upstream.destroyed) {
    destroyBoth();
    return destroyBoth;
  }
  browser.once('close', destroyBoth);
  browser.once('error', destroyBoth);
  upstream.once('error', destroyBoth);
  // What the report server sent last (a close frame) may still be queued
  // for the browser: it is ended, not destroyed.
  upstream.once('close', () => endSocket(browser));
  for (const side of [browser, upstream]) {
    side.once('end', destroySoon);
    side.once('finish', destroySoon);
  }
  return destroyBoth;
}
