import {
  STATUS_CODES,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';

/** A link on one of the service's own short pages. */
export interface PageLink {
  text: string;
  /** A path on this site. */
  href: string;
}

/** Whether a request is a browser asking for a page to show. */
export function wantsPage(req: IncomingMessage): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    (req.headers.accept ?? '').includes('text/html')
  );
}

/**
 * Answers with a reason a person can read: a small HTML page with links on
 * when the browser asked for a page, plain text otherwise. The page runs
 * no script (the service's own answers allow none) and every value in it
 * is escaped.
 */
export function sendPlainAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  reason: string,
  links: PageLink[] = [],
): void {
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
  if (!wantsPage(req)) {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    return void res.end(`${reason}\n`);
  }

  const title = escapeHtml(STATUS_CODES[status] ?? 'Error');
  const items = links
    .map(
      (link) =>
        `<li><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></li>`,
    )
    .join('\n');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
      `<title>Atrium: ${title}</title>\n</head>\n<body>\n` +
      `<h1>${title}</h1>\n<p>${escapeHtml(reason)}</p>\n` +
      (items ? `<ul>\n${items}\n</ul>\n` : '') +
      `</body>\n</html>\n`,
  );
}

/**
 * Refuses an upgrade with a plain HTTP answer, so a client sees why, and
 * ends the socket (see endSocket).
 */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  reason: string,
): void {
  const body = `${reason}\n`;
  const text = STATUS_CODES[status] ?? 'Refused';
  endSocket(
    socket,
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** How long an ended socket may take to close before it is destroyed. */
export const CLOSE_GRACE_MS = 5_000;

/**
 * Ends a socket (after writing `last`, when given) and destroys it if it
 * has not closed CLOSE_GRACE_MS later: a peer that vanished, or one that
 * never reads what is still queued for it, never answers the end with its
 * own, and the socket would be kept for good.
 */
export function endSocket(socket: Duplex, last?: string): void {
  if (socket.destroyed) return;
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  if (last === undefined) socket.end();
  else socket.end(last);
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
