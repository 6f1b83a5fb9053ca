import type { IncomingMessage } from 'node:http';

/**
 * Why a browser socket's Origin is refused, or null when it is one of the
 * service's own origins: http or https, on a port the service serves, and
 * host webfqdn or the very host the request was sent to (a page of another
 * site cannot choose the Host its browser sends, only its own Origin).
 * A request without Origin is refused too: browsers always send one with
 * a WebSocket or a cross-origin request, and other clients can add it.
 */
export function checkOrigin(
  req: IncomingMessage,
  fqdn: string,
  ports: readonly number[],
): string | null {
  const origin = req.headers.origin;
  if (!origin) return 'A browser socket needs an Origin header';
  if (origin === 'null') return 'An opaque origin (null) is not allowed';

  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return `The origin ${origin} is not a URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `The origin ${origin} is not http or https`;
  }
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  const host = parsed.hostname.toLowerCase();
  const served = [fqdn.toLowerCase(), readRequestHost(req)];
  if (!served.includes(host) || !ports.includes(port)) {
    return `The origin ${origin} is not this service's`;
  }
  return null;
}

function readRequestHost(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return '';
  }
}
