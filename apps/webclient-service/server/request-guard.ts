import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the guard needs to know about the site. */
export interface SiteSettings {
  /** `webfqdn`: the host name clinicians type. */
  fqdn: string;
  /** `webframeancestors`: who may embed the viewer (CSP sources). */
  frameAncestors: string;
  /** Next's development server evaluates code, so its CSP allows eval. */
  dev: boolean;
}

/** A refusal the custom server answers itself, before Next. */
export interface Refusal {
  status: number;
  reason: string;
  allow?: string;
}

const PAGE_METHODS = 'GET, HEAD, OPTIONS';

// Methods each route of the Next app answers. Anything else is refused
// here: Next's own answer to an unknown method is a 500 (route handlers)
// or the page itself (pages).
const ROUTE_METHODS: [prefix: string, allow: string][] = [
  ['/api/studies', 'GET, HEAD, OPTIONS'],
  ['/api/password', 'POST, OPTIONS'],
  // next-auth answers GET and POST only; its HEAD is a 400 with no body.
  ['/api/auth/', 'GET, POST, OPTIONS'],
  ['/api/health', 'GET, HEAD, OPTIONS'],
];

/**
 * The request target in origin form, or null when it cannot be served. An
 * absolute-form target (`GET http://host/x`) is reduced to its path, so a
 * foreign host in it never reaches Next's redirects.
 */
export function readOriginForm(url: string | undefined): string | null {
  if (!url) return null;
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  if (!/^https?:\/\//i.test(url)) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return null;
  }
}

/** The methods a path answers, as an Allow header value. */
export function readAllowedMethods(path: string): string {
  for (const [prefix, allow] of ROUTE_METHODS) {
    if (path === prefix || path.startsWith(prefix)) return allow;
  }
  return PAGE_METHODS;
}

/**
 * Refuses what Next would answer badly: a target that is not a path, and a
 * method the path does not take (405 with Allow). OPTIONS is answered here
 * too (no cross-origin requests are allowed, so there is nothing more to
 * say than Allow).
 */
export function checkRequest(method: string, url: string): Refusal | null {
  if (url === '*') {
    return method === 'OPTIONS'
      ? { status: 204, reason: '', allow: 'GET, HEAD, POST, OPTIONS' }
      : { status: 400, reason: 'The request target * is for OPTIONS only' };
  }
  const target = readOriginForm(url);
  if (target === null) {
    return { status: 400, reason: 'The request target is not a path' };
  }

  const path = target.split('?')[0] ?? target;
  const allow = readAllowedMethods(path);
  if (method === 'OPTIONS') return { status: 204, reason: '', allow };
  if (allow.split(', ').includes(method)) return null;
  return {
    status: 405,
    reason: `${method} is not allowed on ${path}`,
    allow,
  };
}

/**
 * Replaces whatever forwarding headers the client sent with the service's
 * own: no proxy stands in front of the service, so `X-Forwarded-*` and
 * `Forwarded` from a request are the client's word, not a proxy's.
 * next-auth builds the site's URL (redirects, cookie flags) from
 * X-Forwarded-Host and X-Forwarded-Proto, which now name webfqdn, the port
 * that took the connection, and whether it came over TLS. X-Forwarded-For
 * names the socket's peer, which the login passes to the Core Server's log.
 */
export function setForwarding(
  req: IncomingMessage,
  fqdn: string,
  tls: boolean,
): void {
  dropForwarding(req);
  const port = req.socket.localPort;
  const host = fqdn.includes(':') ? `[${fqdn}]` : fqdn;
  req.headers['x-forwarded-host'] = port ? `${host}:${port}` : host;
  req.headers['x-forwarded-proto'] = tls ? 'https' : 'http';
  if (port) req.headers['x-forwarded-port'] = String(port);
  const peer = req.socket.remoteAddress;
  if (peer) req.headers['x-forwarded-for'] = peer;
}

/** Removes every client-supplied forwarding header from a request. */
export function dropForwarding(req: IncomingMessage): void {
  dropHeaders(req, isForwardingHeader);
}

// Removes headers from both views of a request, so whoever reads either
// (Next reads `headers`, a Web Request built from it may read `rawHeaders`)
// sees the same.
function dropHeaders(
  req: IncomingMessage,
  drop: (lowerCaseName: string) => boolean,
): void {
  for (const name of Object.keys(req.headers)) {
    if (drop(name)) delete req.headers[name];
  }
  const raw: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] ?? '';
    if (drop(name.toLowerCase())) continue;
    raw.push(name, req.rawHeaders[i + 1] ?? '');
  }
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
}

function isForwardingHeader(name: string): boolean {
  return name.startsWith('x-forwarded-') || name === 'forwarded';
}

/**
 * The Content-Security-Policy of an answer. With a nonce it is a page's
 * (Next's answers): scripts run only when they carry the nonce or were
 * loaded by one that did ('strict-dynamic': Next's bootstrap loads every
 * chunk, the viewer's Cornerstone code among them), so no inline script an
 * attacker manages to write into a page runs. Without one (the service's
 * own answers, the report server's pages) no inline script runs at all.
 * Styles stay 'unsafe-inline': React's style attributes and Cornerstone's
 * viewport elements set inline styles, and a nonce does not cover style
 * attributes. Wasm compilation and blob: workers are Cornerstone's
 * decoders; data: and blob: images; sockets go to the same origin only.
 */
export function buildContentSecurityPolicy(
  site: SiteSettings,
  nonce?: string,
): string {
  const scripts = nonce
    ? ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'wasm-unsafe-eval'"]
    : ["'self'", "'wasm-unsafe-eval'"];
  // Next's development server and React's dev build evaluate code (error
  // overlay, server stacks); only Next's pages need it.
  if (nonce && site.dev) scripts.push("'unsafe-eval'");
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${site.frameAncestors.trim() || "'self'"}`,
  ].join('; ');
}

/** A fresh script nonce: 128 random bits, base64. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

const POLICY_HEADERS = [
  'content-security-policy',
  'content-security-policy-report-only',
];

/**
 * Gives a request for Next a fresh nonce: the answer's policy names it, and
 * so does the request's own Content-Security-Policy header, which is where
 * Next reads the nonce it puts on every script it renders (its bootstrap,
 * chunks, React's inline payloads). A policy header the client sent is
 * dropped first, so the nonce Next uses is always the one the browser gets.
 * Returns the nonce.
 */
export function setPageNonce(
  req: IncomingMessage,
  res: ServerResponse,
  site: SiteSettings,
): string {
  const nonce = createNonce();
  const policy = buildContentSecurityPolicy(site, nonce);

  dropHeaders(req, (name) => POLICY_HEADERS.includes(name));
  req.headers['content-security-policy'] = policy;
  req.rawHeaders.push('Content-Security-Policy', policy);

  res.setHeader('Content-Security-Policy', policy);
  return nonce;
}

/** Sets the security headers every answer of the web ports carries. */
export function setSecurityHeaders(
  res: ServerResponse,
  policy: string,
  tls: boolean,
  forceHttps: boolean,
): void {
  res.setHeader('Content-Security-Policy', policy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  if (tls && forceHttps) {
    res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  }
}

/** Answers a refusal with a short plain-text reason. */
export function sendRefusal(res: ServerResponse, refusal: Refusal): void {
  res.statusCode = refusal.status;
  if (refusal.allow) res.setHeader('Allow', refusal.allow);
  res.setHeader('Cache-Control', 'no-store');
  if (!refusal.reason) return void res.end();
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(`${refusal.reason}\n`);
}
