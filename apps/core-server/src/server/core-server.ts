import type { Database } from 'better-sqlite3';
import type { WebSocket } from 'ws';
import type { Logger } from '@atrium/log';
import type { SecuritySettings } from '../auth/security-settings.js';
import {
  endIdleSessions,
  findEndedSessions,
  findSession,
  isSessionAlive,
} from '../auth/session-store.js';
import { logEndSession } from '../auth/security-events.js';
import type { TokenIssuer } from '../auth/token-issuer.js';
import type { DicomNetwork } from '../dicom-net/dicom-network.js';
import type { CoreServices, FrameReader } from '../rpc/call-context.js';
import { FrameSource } from '../rpc/frame-source.js';
import { LoginLimiter } from '../rpc/login-limiter.js';
import type { RpcConnection } from '../rpc/rpc-connection.js';
import { SessionRegistry } from '../rpc/session-registry.js';
import { StudyWatchers } from '../studies/study-watchers.js';
import { RpcPort } from './rpc-port.js';
import type { TlsCredentials } from './tls-credentials.js';
import { watchCertificateExpiry } from './tls-expiry.js';

/** The TLS side of the RPC ports, once a certificate is installed. */
export interface CoreTlsOptions {
  /** The checked certificate and key (loadTlsCredentials). */
  credentials: TlsCredentials;
  /** ClientTlsPort and AdminTlsPort; 0 picks a free port (tests). */
  clientTlsPort: number;
  adminTlsPort: number;
}

/** What the RPC server needs; the serve command builds it from the ini. */
export interface CoreServerOptions {
  db: Database;
  log: Logger;
  settings: SecuritySettings;
  tokens: TokenIssuer;
  /** MaximumQueryResults of [DicomNetwork]. */
  maximumQueryResults: number;
  /** [Network] BindAddress. */
  bindAddress: string;
  /** ClientPort and AdminPort; 0 picks a free port (tests). */
  clientPort: number;
  adminPort: number;
  /**
   * With a certificate, the RPC is also served on the TLS ports (bound to
   * BindAddress) and the plain ports listen on loopback only.
   */
  tls?: CoreTlsOptions;
  /** Frame reader; a FrameSource over the image store by default. */
  frames?: FrameReader;
  /** The DICOM side, for the DICOM node methods and retrieve on demand. */
  dicom?: DicomNetwork;
}

/** A started server. */
export interface RunningCoreServer {
  bindAddress: string;
  /**
   * Where the plain ports listen: BindAddress, or loopback once a
   * certificate is installed.
   */
  plainAddress: string;
  clientPort: number;
  adminPort: number;
  /** The TLS ports, or null when no certificate is installed. */
  clientTlsPort: number | null;
  adminTlsPort: number | null;
  /** Closes every connection and every port. */
  close(): Promise<void>;
}

/**
 * How often open connections are checked against sessions another process
 * ended (the `users` command writes the same database).
 */
const ENDED_ELSEWHERE_SWEEP_MS = 2000;

/** Longest wait between two sweeps for idle sessions. */
const MAX_SWEEP_MS = 60_000;

/**
 * Starts the client and admin RPC servers: a WebSocket server on each of
 * ClientPort and AdminPort, and with a certificate on ClientTlsPort and
 * AdminTlsPort too (TLS 1.3 only). Once a certificate is installed, only
 * the TLS ports face the network: the plain ports listen on loopback, so
 * an administrator on the machine can still replace an expired
 * certificate. Sessions idle past ConnectionTimeout are ended and their
 * connections told.
 *
 * Known limitation: the separate IPv6 ports (ClientPortIPv6,
 * AdminPortIPv6) are not served; a BindAddress of `::` serves both
 * families on the same ports.
 */
export async function startCoreServer(
  options: CoreServerOptions,
): Promise<RunningCoreServer> {
  const registry = new SessionRegistry();
  const watchers = new StudyWatchers();
  const { db, log, settings } = options;
  const services: CoreServices = {
    db,
    log,
    settings,
    tokens: options.tokens,
    frames: options.frames ?? new FrameSource(db),
    maximumQueryResults: options.maximumQueryResults,
    endSessions: (ids, reason) => registry.endSessions(ids, reason),
    logins: new LoginLimiter(),
    watchers,
    ...(options.dicom && { dicom: options.dicom }),
  };

  const sweepIdle = () => endIdle(services);
  const onIdle = (connection: RpcConnection, socket: WebSocket) =>
    closeIdleConnection(services, connection, socket);
  const client = new RpcPort('client', services, registry, onIdle);
  const admin = new RpcPort('admin', services, registry, onIdle);
  const stops: (() => void)[] = [];
  // Objects stored over DICOM reach the pages watching their study.
  const unlisten = options.dicom?.importer.onRun((run) => {
    for (const studyUid of run.studies) watchers.notify(studyUid, 'instances');
  });
  if (unlisten) stops.push(unlisten);
  const closeAll = async () => {
    for (const stop of stops.splice(0)) stop();
    await Promise.all([client.close(), admin.close()]);
  };

  const address = options.bindAddress;
  const tls = options.tls;
  const plainAddress = tls ? loopbackOf(address) : address;
  try {
    const clientPort = await client.listenPlain(
      'ClientPort',
      plainAddress,
      options.clientPort,
    );
    const adminPort = await admin.listenPlain(
      'AdminPort',
      plainAddress,
      options.adminPort,
    );
    const clientTlsPort = tls
      ? await client.listenTls(
          tls.credentials,
          'ClientTlsPort',
          address,
          tls.clientTlsPort,
        )
      : null;
    const adminTlsPort = tls
      ? await admin.listenTls(
          tls.credentials,
          'AdminTlsPort',
          address,
          tls.adminTlsPort,
        )
      : null;

    if (tls) stops.push(watchCertificateExpiry(tls.credentials, log));
    const sweep = setInterval(sweepIdle, sweepIntervalMs(settings));
    sweep.unref();
    stops.push(() => clearInterval(sweep));
    const sweepEnded = setInterval(
      () => endSessionsEndedElsewhere(services, registry),
      ENDED_ELSEWHERE_SWEEP_MS,
    );
    sweepEnded.unref();
    stops.push(() => clearInterval(sweepEnded));

    return {
      bindAddress: address,
      plainAddress,
      clientPort,
      adminPort,
      clientTlsPort,
      adminTlsPort,
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** The loopback address of BindAddress's family. */
function loopbackOf(bindAddress: string): string {
  return bindAddress.includes(':') ? '::1' : '127.0.0.1';
}

function sweepIntervalMs(settings: SecuritySettings): number {
  return Math.max(
    100,
    Math.min(MAX_SWEEP_MS, (settings.idleSeconds * 1000) / 2),
  );
}

/**
 * Ends the sessions idle past ConnectionTimeout: each connection still on
 * them gets SessionEnded 'idle' and is closed, and the end is logged.
 *
 * Known limitation: a session's last use is written at most every 30
 * seconds (or every half ConnectionTimeout when that is shorter), so a
 * session can end up to that much before ConnectionTimeout has fully
 * passed since its last call.
 */
function endIdle(services: CoreServices): void {
  const { db, log, settings } = services;
  const ended = endIdleSessions(db, settings.idleSeconds, new Date());
  for (const session of ended) {
    const connections = services.endSessions([session.sessionId], 'idle');
    logEndSession(log, {
      client: session.client,
      user: session.userId,
      session: session.sessionId,
      reason: 'idle',
      lastSeenAt: session.lastSeenAt,
      connections,
    });
  }
}

/**
 * Tells the connections of sessions that were ended outside this server
 * (a suspension or deletion from the `users` command) that their session
 * is over, with the reason recorded, and closes them.
 */
function endSessionsEndedElsewhere(
  services: CoreServices,
  registry: SessionRegistry,
): void {
  const open = registry.sessionIds();
  if (open.length === 0) return;
  for (const { sessionId, reason } of findEndedSessions(services.db, open)) {
    const connections = services.endSessions([sessionId], reason);
    services.log.info('Connections of a session ended elsewhere closed', {
      session: sessionId,
      reason,
      connections,
    });
  }
}

/**
 * A connection silent for ConnectionTimeout. One without a session closes.
 * One with a session lives as long as the session: when the session has
 * idled out too it ends (every connection on it is told why); while other
 * connections keep the session busy (the worker, for a quiet browser
 * connection), this one stays open.
 */
function closeIdleConnection(
  services: CoreServices,
  connection: RpcConnection,
  socket: WebSocket,
): boolean {
  const sessionId = connection.binding?.claims.sessionId;
  if (!sessionId) {
    socket.close(1000, 'idle');
    return false;
  }

  const { db, settings } = services;
  const session = findSession(db, sessionId);
  if (isSessionAlive(session, settings.idleSeconds, new Date())) return true;
  endIdle(services);
  // A session that ended for another reason has already closed its
  // connections; this one may have missed it.
  if (socket.readyState === socket.OPEN) socket.close(1000, 'idle');
  return false;
}
