/**
 * The web ports' own answers before Next: forwarding headers replaced with
 * the service's, security headers on every answer (a fresh script nonce for
 * each of Next's, no inline script for the rest), 405 with Allow for a
 * method a path does not take, absolute-form targets kept on the site, and
 * browser sockets only from the service's own origins.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@atrium/log';
import { WEB_SOCKET_PATH } from '@atrium/protocol';
import { ensureTokenKeys } from '@atrium/tokens';
// Next's own reader of the request's policy, the one its renderer uses to
// find the nonce it writes on its scripts.
import { getScriptNonceFromHeaders } from 'next/dist/server/app-render/get-script-nonce-from-header.js';
import { io } from 'socket.io-client';
import {
  buildContentSecurityPolicy,
  setForwarding,
  setPageNonce,
  type SiteSettings,
} from '../server/request-guard.js';
import {
  startWebClientService,
  type WebClientService,
} from '../server/start-service.js';
import { askHttp, type Answer } from './http-answer.js';
import { freePort } from './server-harness.js';

let dataDir: string;
let service: WebClientService;
let port: number;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'atrium-http-'));
  await ensureTokenKeys(dataDir);
  writeFileSync(
    join(dataDir, 'webclient_service.ini'),
    `[webclient_service]\nwebfqdn=viewer.hospital.example\n` +
      `webport=${await freePort()}\nwebtlsport=${await freePort()}\n` +
      `recruiterport=${await freePort()}\nrpcport=${await freePort()}\n` +
      `webframeancestors='self' https://portal.hospital.example\n`,
  );
  service = await startWebClientService({
    dataDir,
    next: false,
    host: '127.0.0.1',
    log: createLogger({ processName: 'http-test', dir: join(dataDir, 'logs') }),
  });
  port = service.ports.web;
});

afterAll(async () => {
  await service?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('forwarding headers', () => {
  it('replaces what the client sent with webfqdn, the serving port and the scheme', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      setForwarding(req, 'viewer.hospital.example', false);
      seen.push(req.headers);
      res.end(JSON.stringify(req.rawHeaders));
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    const { port: local } = server.address() as { port: number };
    try {
      const raw = await send(local, 'GET', '/', {
        host: 'evil.example',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        'x-forwarded-for': '10.6.6.6',
        forwarded: 'host=evil.example;proto=https',
      });

      expect(seen[0]).toMatchObject({
        'x-forwarded-host': `viewer.hospital.example:${local}`,
        'x-forwarded-proto': 'http',
        'x-forwarded-port': String(local),
        // The socket's peer, not the address the client claimed.
        'x-forwarded-for': '127.0.0.1',
      });
      expect(seen[0]).not.toHaveProperty('forwarded');
      expect(raw.body).not.toMatch(/forwarded/i);
    } finally {
      server.close();
    }
  });
});

describe('every answer', () => {
  it('carries a Content-Security-Policy with the configured frame-ancestors, nosniff and a Referrer-Policy', async () => {
    const answer = await send(port, 'GET', '/api/health');

    expect(answer.status).toBe(200);
    const policy = String(answer.headers['content-security-policy']);
    expect(policy).toContain(
      "frame-ancestors 'self' https://portal.hospital.example",
    );
    expect(policy).toContain("worker-src 'self' blob:");
    expect(policy).toContain("img-src 'self' data: blob:");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('same-origin');
  });

  it('that is not a page of Next runs no inline script: its script-src is the origin and wasm only', async () => {
    const health = await send(port, 'GET', '/api/health');
    const refused = await send(port, 'PUT', '/login');
    const report = await send(port, 'GET', '/report/study/1.2.3');

    for (const answer of [health, refused, report]) {
      const policy = String(answer.headers['content-security-policy']);
      expect(readDirective(policy, 'script-src')).toBe(
        "script-src 'self' 'wasm-unsafe-eval'",
      );
    }
  });
});

describe('pages of Next', () => {
  const site: SiteSettings = {
    fqdn: 'viewer.hospital.example',
    frameAncestors: "'self' https://portal.hospital.example",
    dev: false,
  };

  it('get a fresh nonce per request, named alike in the answer and in the request policy Next reads', async () => {
    const seen: IncomingMessage[] = [];
    const answers = await withServer(
      (req, res) => {
        setPageNonce(req, res, site);
        seen.push(req);
        res.end();
      },
      async (local) => [
        await send(local, 'GET', '/studies'),
        await send(local, 'GET', '/studies'),
      ],
    );

    const nonces = answers.map((answer, i) => {
      const policy = String(answer.headers['content-security-policy']);
      const scripts = readDirective(policy, 'script-src');
      const nonce = /'nonce-([^']+)'/.exec(scripts)?.[1] ?? '';
      expect(scripts).toBe(
        `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'`,
      );
      expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
      expect(policy).toContain(
        "frame-ancestors 'self' https://portal.hospital.example",
      );
      expect(policy).toContain("style-src 'self' 'unsafe-inline'");
      expect(policy).toContain("worker-src 'self' blob:");

      const request = seen[i]!;
      expect(request.headers['content-security-policy']).toBe(policy);
      expect(getScriptNonceFromHeaders(request.headers)).toBe(nonce);
      return nonce;
    });
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('replace a policy the client sent, so Next never writes a nonce the client chose', async () => {
    const chosen = "script-src 'nonce-Y2hvc2VuYnl0aGVjbGllbnQ='";
    const seen: IncomingMessage[] = [];
    const answer = await withServer(
      (req, res) => {
        setPageNonce(req, res, site);
        seen.push(req);
        res.end();
      },
      (local) =>
        send(local, 'GET', '/login', {
          'content-security-policy': chosen,
          'content-security-policy-report-only': chosen,
        }),
    );

    const policy = String(answer.headers['content-security-policy']);
    const request = seen[0]!;
    expect(request.headers['content-security-policy']).toBe(policy);
    expect(request.headers).not.toHaveProperty(
      'content-security-policy-report-only',
    );
    const raw = request.rawHeaders.filter((_, i) => i % 2 === 0);
    expect(
      raw.filter((name) => /^content-security-policy/i.test(name)),
    ).toEqual(['Content-Security-Policy']);
    expect(getScriptNonceFromHeaders(request.headers)).not.toBe(
      'Y2hvc2VuYnl0aGVjbGllbnQ=',
    );
  });

  it('allow eval in development only, where Next and React evaluate code', () => {
    const dev = { ...site, dev: true };

    expect(buildContentSecurityPolicy(dev, 'bm9uY2U=')).toContain(
      "'strict-dynamic' 'wasm-unsafe-eval' 'unsafe-eval';",
    );
    expect(buildContentSecurityPolicy(site, 'bm9uY2U=')).not.toContain(
      "'unsafe-eval'",
    );
    expect(buildContentSecurityPolicy(dev)).not.toContain("'unsafe-eval'");
  });
});

describe('methods', () => {
  it('answers a method a path does not take with 405, Allow and a reason', async () => {
    const cases: [string, string, string][] = [
      ['TRACE', '/api/studies', 'GET, HEAD, OPTIONS'],
      ['TRACE', '/api/password', 'POST, OPTIONS'],
      ['GET', '/api/password', 'POST, OPTIONS'],
      ['TRACE', '/api/auth/session', 'GET, POST, OPTIONS'],
      ['PROPFIND', '/api/auth/session', 'GET, POST, OPTIONS'],
      ['HEAD', '/api/auth/session', 'GET, POST, OPTIONS'],
      ['PUT', '/login', 'GET, HEAD, OPTIONS'],
      ['DELETE', '/login', 'GET, HEAD, OPTIONS'],
      ['PATCH', '/login', 'GET, HEAD, OPTIONS'],
      ['POST', '/api/health', 'GET, HEAD, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const answer = await send(port, method, path);
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.headers.allow, `${method} ${path}`).toBe(allow);
      if (method !== 'HEAD') {
        expect(answer.body).toBe(`${method} is not allowed on ${path}\n`);
      }
    }
  });

  it('answers OPTIONS with Allow, for a path and for *', async () => {
    const path = await send(port, 'OPTIONS', '/api/password');
    expect(path.status).toBe(204);
    expect(path.headers.allow).toBe('POST, OPTIONS');

    const star = await sendRaw(
      port,
      'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(star).toMatch(/^HTTP\/1\.1 204 /);
    expect(star).toMatch(/\r\nAllow: GET, HEAD, POST, OPTIONS\r\n/i);
  });

  it('serves an absolute-form target as its path, ignoring the host in it', async () => {
    const answer = await sendRaw(
      port,
      'GET http://evil.example/api/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).not.toMatch(/evil\.example/);
  });
});

describe('browser sockets', () => {
  it('are refused from a foreign, opaque or missing Origin with a reason', async () => {
    const cases: [string | undefined, string][] = [
      [
        'https://evil.example',
        "The origin https://evil.example is not this service's",
      ],
      [
        `http://evil.example:${port}`,
        `The origin http://evil.example:${port} is not this service's`,
      ],
      [
        'http://127.0.0.1:1',
        "The origin http://127.0.0.1:1 is not this service's",
      ],
      ['null', 'An opaque origin (null) is not allowed'],
      [undefined, 'A browser socket needs an Origin header'],
    ];
    for (const [origin, reason] of cases) {
      const upgrade = await sendRaw(
        port,
        `GET ${WEB_SOCKET_PATH}/?EIO=4&transport=websocket HTTP/1.1\r\n` +
          `Host: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n` +
          (origin ? `Origin: ${origin}\r\n` : '') +
          '\r\n',
      );
      expect(upgrade, String(origin)).toMatch(/^HTTP\/1\.1 403 /);
      expect(upgrade, String(origin)).toContain(reason);

      const polling = await send(
        port,
        'GET',
        `${WEB_SOCKET_PATH}/?EIO=4&transport=polling`,
        origin ? { origin } : {},
      );
      expect(polling.status).toBe(403);
      expect(polling.body).toBe(`${reason}\n`);
    }
  });

  it('reach the session check from the service own origins, by address and by webfqdn', async () => {
    for (const origin of [
      `http://127.0.0.1:${port}`,
      `http://viewer.hospital.example:${port}`,
    ]) {
      const socket = io(`http://127.0.0.1:${port}`, {
        path: WEB_SOCKET_PATH,
        transports: ['websocket'],
        extraHeaders: { origin },
        reconnection: false,
      });
      const refusal = await new Promise<Error>((resolve) =>
        socket.once('connect_error', resolve),
      );
      socket.close();
      expect(refusal.message, origin).toBe('WEB_UNAUTHENTICATED');
    }
  });
});

/** The named directive of a policy, as written there. */
function readDirective(policy: string, name: string): string {
  return (
    policy
      .split(';')
      .map((directive) => directive.trim())
      .find((directive) => directive.startsWith(`${name} `)) ?? ''
  );
}

/** Runs `use` against a plain HTTP server on loopback, then closes it. */
async function withServer<T>(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  use: (port: number) => Promise<T>,
): Promise<T> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: local } = server.address() as { port: number };
  try {
    return await use(local);
  } finally {
    server.close();
  }
}

function send(
  to: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return askHttp(to, path, { method, headers });
}

function sendRaw(to: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(to, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (chunk) => (out += chunk.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}
