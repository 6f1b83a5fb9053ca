import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@atrium/log';
import {
  AtriumError,
  REPORT_API_PATH,
  REPORT_LIVE_PATH,
  REPORT_STUDY_PATH,
} from '@atrium/protocol';
import { readReportOnce, type CoreAddress } from './core-reader.js';
import { reportError } from './errors.js';
import { verifyIdentity } from './identity.js';
import { LiveReports } from './live-reports.js';
import {
  REPORT_SCRIPT_PATH,
  REPORT_STYLE_PATH,
  renderErrorPage,
  renderReportPage,
} from './report-html.js';
import { checkStudyUid, clientOf } from './request-facts.js';
import { SessionQuota } from './session-quota.js';

export interface ReportServerOptions {
  host: string;
  /** 0 lets the system choose (tests). */
  port: number;
  core: CoreAddress;
  /** The Core Server's token public key (cvtokenpubkey). */
  publicKey: KeyObject;
  log: Logger;
}

/** A running report server. */
export interface RunningReportServer {
  port: number;
  /** Live report sockets open now. */
  liveCount(): number;
  close(): Promise<void>;
}

// Headers within 10 s and the whole request within 30 s, checked every
// second (Node checks every 30 s and allows a minute for headers).
const SLOW_CLIENT_LIMITS = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  connectionsCheckingInterval: 1_000,
};

// The package folder, above both src/ and dist/.
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Report reads one session may have in progress at once. */
const MAX_READS_PER_SESSION = 8;

/** The page's script and style sheet, read once at start. */
const ASSETS: Record<string, { type: string; file: string }> = {
  [REPORT_SCRIPT_PATH]: {
    type: 'text/javascript; charset=utf-8',
    file: 'report.js',
  },
  [REPORT_STYLE_PATH]: { type: 'text/css; charset=utf-8', file: 'report.css' },
};

/**
 * Starts the report server: HTTP and the live WebSocket on one port.
 *
 * - `GET /report/study/<uid>`: the report page (patient and study header,
 *   series list, the user's saved measurements);
 * - `GET /report/api/study/<uid>`: the same report as JSON;
 * - WebSocket `/report/live?study=<uid>`: the report again whenever the
 *   study or the user's measurements change;
 * - `GET /report/health`: `{ "status": "ok", "live": N }`, no user needed;
 * - `/report/assets/…`: the page's script and style sheet.
 *
 * Every study request needs the identity the WebClient Service passes on
 * (identity.ts) and reads from the Core Server with the user's own token.
 * Headers must arrive within 10 s and a request within 30 s, so slow
 * clients cannot hold connections open.
 */
export async function startReportServer(
  options: ReportServerOptions,
): Promise<RunningReportServer> {
  const assets = new Map(
    Object.entries(ASSETS).map(([path, asset]) => [
      path,
      {
        type: asset.type,
        body: readFileSync(join(packageDir, 'public', asset.file)),
      },
    ]),
  );
  const live = new LiveReports(options);
  // Each read holds a Core connection of its own while it runs.
  const reads = new SessionQuota(MAX_READS_PER_SESSION, () =>
    reportError('REPORT_TOO_MANY'),
  );
  const server = createServer(SLOW_CLIENT_LIMITS, (req, res) => {
    void answer(req, res, options, assets, live, reads).catch(
      (error: unknown) => {
        options.log.error('Report request failed', error);
        if (!res.headersSent)
          sendError(req, res, reportError('REPORT_CORE_UNAVAILABLE'));
        else res.destroy();
      },
    );
  });
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === REPORT_LIVE_PATH) return live.handleUpgrade(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy();
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? '431 Request Header Fields Too Large'
          : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        reportError(
          'REPORT_PORT_UNAVAILABLE',
          `report_server.ini: port ${options.port} cannot be bound on ${options.host} (${error.code ?? error.message})`,
        ),
      ),
    );
    server.listen(options.port, options.host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  options.log.info('Report server listening', { host: options.host, port });

  return {
    port,
    liveCount: () => live.count,
    close: () =>
      new Promise<void>((resolve) => {
        live.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Assets = Map<string, { type: string; body: Buffer }>;

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  options: ReportServerOptions,
  assets: Assets,
  live: LiveReports,
  reads: SessionQuota,
): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendError(req, res, reportError('REPORT_METHOD_NOT_ALLOWED'));
  }

  const asset = assets.get(path);
  if (asset) {
    res.setHeader('Cache-Control', 'no-cache');
    return send(req, res, 200, asset.type, asset.body);
  }
  if (path === '/report/health') {
    return sendJson(req, res, 200, { status: 'ok', live: live.count });
  }
  const page = path.startsWith(REPORT_STUDY_PATH);
  const api = path.startsWith(REPORT_API_PATH);
  if (!page && !api)
    return sendError(req, res, reportError('REPORT_NOT_FOUND'));

  const started = performance.now();
  const prefix = page ? REPORT_STUDY_PATH : REPORT_API_PATH;
  let user = '';
  let studyUid = '';
  let release: (() => void) | undefined;
  try {
    // Who asks comes first, so a refused address is logged with its user.
    const identity = await verifyIdentity(req.headers, options.publicKey);
    user = identity.claims.userId;
    studyUid = checkStudyUid(decodeSegment(path.slice(prefix.length)));
    release = reads.take(identity.claims.sessionId);
    const report = await readReportOnce(options.core, identity, studyUid);
    options.log.access({
      op: 'OpenReport',
      status: 'Success',
      user,
      client: clientOf(req),
      studyUid,
      latencysms: Math.round(performance.now() - started),
    });
    if (api) return sendJson(req, res, 200, report);
    return send(
      req,
      res,
      200,
      'text/html; charset=utf-8',
      renderReportPage(report),
    );
  } catch (error) {
    const refusal =
      error instanceof AtriumError
        ? error
        : reportError('REPORT_CORE_UNAVAILABLE');
    options.log.access({
      op: 'OpenReport',
      status: 'Fail',
      code: refusal.code,
      level:
        refusal.status === 401 || refusal.status === 403 ? 'WARNING' : 'INFO',
      user,
      client: clientOf(req),
      ...(studyUid && { studyUid }),
      latencysms: Math.round(performance.now() - started),
      reason: refusal.message,
    });
    return sendError(req, res, refusal);
  } finally {
    release?.();
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

// Pages get an HTML answer a person can read; the JSON API and anything
// asking for JSON get `{ error: { code, message } }`.
function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  error: AtriumError,
): void {
  const wantsJson =
    (req.url ?? '').startsWith(REPORT_API_PATH) ||
    !(req.headers.accept ?? '').includes('text/html');
  const message = error.expose ? error.message : 'The report failed';
  if (wantsJson) {
    return sendJson(req, res, error.status, {
      error: { code: error.code, message },
    });
  }
  send(
    req,
    res,
    error.status,
    'text/html; charset=utf-8',
    renderErrorPage(error.status, message),
  );
}

function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
): void {
  send(
    req,
    res,
    status,
    'application/json; charset=utf-8',
    JSON.stringify(body),
  );
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}
