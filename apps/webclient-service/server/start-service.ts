import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import {
  createServer as createTlsServer,
  type ServerOptions,
} from 'node:https';
import {
  loadServerConfig,
  loadWebClientServiceConfig,
  type WebClientServiceConfig,
} from '@atrium/config';
import { createLogger, type Logger } from '@atrium/log';
import { RECRUITER_PATH, WORKER_RPC_PATH } from '@atrium/protocol';
import { loadPublicKey, readNextAuthSecret } from '@atrium/tokens';
import { WebSocketServer } from 'ws';
import { BrowserAuthenticator } from './browser-auth.js';
import { BrowserSockets } from './browser-sockets.js';
import { webError } from './errors.js';
import {
  HttpRoutes,
  type HealthCounts,
  type NextHandlers,
} from './http-routes.js';
import { closeServer, listenOn } from './listen.js';
import { ManagerRegistry, RECRUITER_MAX_PAYLOAD } from './manager-registry.js';
import { SessionRegistry } from './session-registry.js';
import { WorkerGate, admitByTicket } from './worker-gate.js';

type ServiceSettings = WebClientServiceConfig['webClientService'];

export interface WebClientServiceOptions {
  /** The data directory (ini files, keys/, ServerLogs/). */
  dataDir: string;
  /** Settings; read from `<dataDir>/webclient_service.ini` when left out. */
  settings?: ServiceSettings;
  /**
   * The Next app: `{ dev, dir }` to serve it, or false to serve only the
   * custom routes (tests, and a service whose app is not built).
   */
  next?: { dev: boolean; dir: string } | false;
  /** Address every listener binds to; by default see `bindAddresses`. */
  host?: string;
  log?: Logger;
  /** Seconds a session survives with no browser socket (default 30). */
  browserGraceSeconds?: number;
  /** Idle limit; ConnectionTimeout of serverconfig.ini by default. */
  idleTimeoutSeconds?: number;
  /** Seconds a recruited worker may take to pair (default 20). */
  pairTimeoutSeconds?: number;
  /** Seconds the report server may keep /report/ waiting (default 30). */
  reportTimeoutSeconds?: number;
  /** The next-auth secret; `<dataDir>/keys/nextauth-secret` by default. */
  nextAuthSecret?: string;
  /** The token public key; the file `cvtokenpubkey` names by default. */
  tokenPublicKey?: KeyObject;
}

/** A running WebClient Service. */
export interface WebClientService {
  /** Bound ports (the tls port is null when webtls is off). */
  ports: { web: number; webTls: number | null; recruiter: number; rpc: number };
  health(): HealthCounts;
  sessions: SessionRegistry;
  managers: ManagerRegistry;
  /** Ends every session, closes every listener. */
  close(): Promise<void>;
}

/**
 * Starts the WebClient Service: HTTP on webport, HTTPS (TLS 1.3 only) on
 * webtlsport when webtls is on, the recruiter port for Worker Managers, the
 * worker RPC port for render workers, socket.io for browsers on the web
 * ports, and Next for every other request. Rejects with one line naming the
 * key and port of a listener that cannot be bound.
 */
export async function startWebClientService(
  options: WebClientServiceOptions,
): Promise<WebClientService> {
  const { dataDir } = options;
  const settings =
    options.settings ?? loadWebClientServiceConfig(dataDir).webClientService;
  const serverConfig = loadServerConfig(dataDir).general;
  const log =
    options.log ??
    createLogger({
      processName: 'webclient-service',
      dir: serverConfig.logFilePath,
      debugLog: serverConfig.debugLog,
      archive: {
        intervalType: serverConfig.logArchiveIntervalType,
        customIntervalDays: serverConfig.logArchiveCustomInterval,
      },
    });
  const tlsOptions = settings.webTls ? readTlsOptions(settings) : null;
  const auth = new BrowserAuthenticator(
    options.nextAuthSecret ?? (await readNextAuthSecret(dataDir)),
    options.tokenPublicKey ?? (await loadPublicKey(settings.cvTokenPubKey)),
  );

  const managers = new ManagerRegistry({
    secret: settings.recruiterSecret,
    log,
  });
  const ports = { web: 0, webTls: null as number | null, recruiter: 0, rpc: 0 };
  const sessions = new SessionRegistry({
    managers,
    log,
    rpcPort: () => ports.rpc,
    coreServer: {
      host: settings.coreServerHost,
      port: settings.coreServerPort,
    },
    browserGraceMs: (options.browserGraceSeconds ?? 30) * 1000,
    idleTimeoutMs:
      (options.idleTimeoutSeconds ?? serverConfig.connectionTimeout) * 1000,
    pairTimeoutMs: (options.pairTimeoutSeconds ?? 20) * 1000,
  });
  const sockets = new BrowserSockets(auth, sessions, log);
  const health = (): HealthCounts => ({
    managers: managers.count,
    workers: sessions.workerCount,
    sessions: sessions.count,
  });

  const next = options.next ? await prepareNext(options.next) : null;
  const routes = new HttpRoutes({
    sockets,
    auth,
    health,
    next,
    reportServerUrl: settings.reportServerUrl,
    reportTimeoutMs:
      options.reportTimeoutSeconds === undefined
        ? undefined
        : options.reportTimeoutSeconds * 1000,
    forceHttps: settings.webForceHttps && settings.webTls,
    httpsOrigin: httpsOrigin(settings),
    site: {
      fqdn: settings.webFqdn,
      frameAncestors: settings.webFrameAncestors,
      dev: options.next ? options.next.dev : false,
    },
    servedPorts: () =>
      [ports.web, ports.webTls].filter((port): port is number => !!port),
    log,
  });

  const web = createServer(SLOW_CLIENT_LIMITS, (req, res) =>
    routes.handleRequest(req, res, false),
  );
  web.on('upgrade', (req, socket, head) =>
    routes.handleUpgrade(req, socket, head, false),
  );
  const webTls = tlsOptions
    ? createTlsServer({ ...SLOW_CLIENT_LIMITS, ...tlsOptions }, (req, res) =>
        routes.handleRequest(req, res, true),
      )
    : null;
  webTls?.on('upgrade', (req, socket, head) =>
    routes.handleUpgrade(req, socket, head, true),
  );
  const recruiter = createServer(SLOW_CLIENT_LIMITS, refuseHttp);
  const rpc = createServer(SLOW_CLIENT_LIMITS, refuseHttp);
  const recruiterWss = new WebSocketServer({
    server: recruiter,
    path: RECRUITER_PATH,
    perMessageDeflate: false,
    maxPayload: RECRUITER_MAX_PAYLOAD,
  });
  const rpcWss = new WebSocketServer({
    server: rpc,
    path: WORKER_RPC_PATH,
    perMessageDeflate: false,
    maxPayload: 256 * 1024 * 1024,
    verifyClient: admitByTicket((ticket) => sessions.hasTicket(ticket)),
  });
  // ws repeats its server's errors; listenOn reports a failed bind itself.
  for (const wss of [recruiterWss, rpcWss]) wss.on('error', () => undefined);
  managers.attach(recruiterWss);
  new WorkerGate((hello, link) => sessions.pair(hello, link), log).attach(
    rpcWss,
  );

  const servers = [web, webTls, recruiter, rpc].filter(
    (s): s is HttpServer => s !== null,
  );
  const close = async () => {
    sessions.closeAll();
    managers.close();
    sockets.close();
    routes.close();
    for (const wss of [recruiterWss, rpcWss]) {
      for (const client of wss.clients) client.terminate();
    }
    await Promise.all(servers.map((server) => closeServer(server)));
  };

  try {
    const hosts = bindAddresses(settings, options.host);
    ports.web = await listenOn({
      server: web,
      key: 'webport',
      port: settings.webPort,
      host: hosts.web,
    });
    if (webTls) {
      ports.webTls = await listenOn({
        server: webTls,
        key: 'webtlsport',
        port: settings.webTlsPort,
        host: hosts.other,
      });
    }
    ports.recruiter = await listenOn({
      server: recruiter,
      key: 'recruiterport',
      port: settings.recruiterPort,
      host: hosts.other,
    });
    ports.rpc = await listenOn({
      server: rpc,
      key: 'rpcport',
      port: settings.rpcPort,
      host: hosts.other,
    });
  } catch (error) {
    await close();
    throw error;
  }

  log.info('WebClient Service listening', { ...ports });
  return { ports, health, sessions, managers, close };
}

/**
 * Where each listener binds. Once TLS is on, the plain port stays on
 * loopback (for an administrator replacing a certificate) unless it must
 * answer outside browsers with redirects to HTTPS.
 */
function bindAddresses(settings: ServiceSettings, host: string | undefined) {
  const other = host ?? '0.0.0.0';
  const plainOnLoopback = settings.webTls && !settings.webForceHttps;
  return { web: host ?? (plainOnLoopback ? '127.0.0.1' : other), other };
}

/**
 * Seconds a client has for its TLS handshake, its request headers and its
 * whole request. Node's defaults (two minutes, one minute, five minutes)
 * let a client that sends a byte now and then hold a socket for minutes;
 * nothing a browser, worker or manager sends takes more than these.
 */
const HANDSHAKE_TIMEOUT_MS = 10_000;
const SLOW_CLIENT_LIMITS = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  // How often those limits are checked (Node checks every 30 s).
  connectionsCheckingInterval: 1_000,
};

function readTlsOptions(settings: ServiceSettings): ServerOptions {
  const base: ServerOptions = {
    minVersion: 'TLSv1.3',
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
  };
  try {
    if (settings.webTlsPfx) {
      return {
        ...base,
        pfx: readFileSync(settings.webTlsPfx),
        passphrase: settings.webTlsPfxPassword,
      };
    }
    if (!settings.webTlsCert || !settings.webTlsKey) {
      throw new Error(
        'webtls=true needs webtlscert and webtlskey, or webtlspfx',
      );
    }
    return {
      ...base,
      cert: readFileSync(settings.webTlsCert),
      key: readFileSync(settings.webTlsKey),
    };
  } catch (error) {
    throw webError(
      'WEB_TLS_SETTINGS',
      `webclient_service.ini: ${(error as Error).message}`,
    );
  }
}

function httpsOrigin(settings: ServiceSettings): string {
  const port = settings.webTlsPort === 443 ? '' : `:${settings.webTlsPort}`;
  return `https://${settings.webFqdn}${port}`;
}

function refuseHttp(
  _req: unknown,
  res: { statusCode: number; end: (text: string) => void },
): void {
  res.statusCode = 426;
  res.end('This port takes WebSocket connections only\n');
}

async function prepareNext(target: {
  dev: boolean;
  dir: string;
}): Promise<NextHandlers> {
  // Next is CommonJS: its module value is the factory itself, which the
  // types describe as a namespace whose `default` is the factory.
  const loaded = (await import('next')).default as unknown;
  const createNext = loaded as typeof import('next').default;
  // Next hooks its upgrade listener onto the server it is given; a server
  // object that never listens keeps it away from the real listeners, whose
  // upgrades are routed by HttpRoutes.
  const nextServer = createServer();
  const app = createNext({
    dev: target.dev,
    dir: target.dir,
    httpServer: nextServer,
  });
  await app.prepare();
  return {
    handleRequest: app.getRequestHandler(),
    // The dev server's reload socket (/_next/hmr) is answered only by the
    // upgrade listener Next attached to its own server object;
    // getUpgradeHandler() accepts the socket but never speaks on it, and
    // the page then never hydrates.
    handleUpgrade: (req, socket, head) =>
      nextServer.emit('upgrade', req, socket, head),
  };
}
