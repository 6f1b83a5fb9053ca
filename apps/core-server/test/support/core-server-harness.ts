import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { loadServerConfig, type ServerConfig } from '@atrium/config';
import { CoreClient } from '@atrium/core-client';
import { createLogger, type Logger } from '@atrium/log';
import type { CorePort } from '@atrium/protocol';
import { ensureTokenKeys, type EnsuredKeys } from '@atrium/tokens';
import type { SecuritySettings } from '../../src/auth/security-settings.js';
import { TokenIssuer } from '../../src/auth/token-issuer.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import {
  startCoreServer,
  type RunningCoreServer,
} from '../../src/server/core-server.js';
import type { TlsCredentials } from '../../src/server/tls-credentials.js';
import { ensureAdminAccount } from '../../src/users/admin-account.js';
import { RELAXED_PASSWORD_RULES } from '../../src/users/password-policy.js';
import { addUser } from '../../src/users/user-admin.js';

/** Password of the harness's `admin` account. */
export const ADMIN_PASSWORD = 'admin-secret-Pw1';

export interface HarnessOptions {
  settings?: Partial<SecuritySettings>;
  maximumQueryResults?: number;
  /** Serve the TLS ports with this certificate too. */
  tls?: TlsCredentials;
  /**
   * BindAddress; 127.0.0.1 by default. A second loopback address such as
   * 127.0.0.2 tells the TLS ports (there) from the plain ones (127.0.0.1).
   */
  bindAddress?: string;
}

/** A real Core Server on 127.0.0.1 with its own data folder. */
export interface CoreServerHarness {
  /** The data directory, with a serverconfig.ini of defaults. */
  dir: string;
  config: ServerConfig;
  db: Database;
  log: Logger;
  keys: EnsuredKeys;
  server: RunningCoreServer;
  settings: SecuritySettings;
  urlOf(port: CorePort): string;
  /** The wss:// URL of a TLS port (only with the `tls` option). */
  tlsUrlOf(port: CorePort): string;
  /** Connects a client to one of the two ports. */
  connect(port: CorePort): Promise<CoreClient>;
  /** Connects over TLS, trusting the given CA certificate (PEM). */
  connectTls(port: CorePort, ca: string | Buffer): Promise<CoreClient>;
  /** Adds a local user directly in the database. */
  addUser(userId: string, roles: string[], password?: string): Promise<void>;
  /** Every JSON line written to the log folder, parsed. */
  logEntries(): Record<string, unknown>[];
  /** The raw text of every log file. */
  logText(): string;
  stop(): Promise<void>;
}

/**
 * Starts the RPC server in this process over a fresh migrated SQLite file,
 * real token keys and a real log folder, on ports the system picks.
 */
export async function startHarness(
  options: HarnessOptions = {},
): Promise<CoreServerHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-rpc-'));
  // The ini of defaults gives the image store and log paths; the server
  // itself is bound to loopback below, whatever BindAddress says.
  const config = loadServerConfig(dir);
  const logDir = config.general.logFilePath;
  const db = openDatabase(config.general.sqlDatabasePath);
  migrateDatabase(db);
  const log = createLogger({
    processName: 'core-server',
    dir: logDir,
    debugLog: 1,
  });
  const keys = await ensureTokenKeys(dir);
  const settings: SecuritySettings = {
    lock: { failedLoginsBeforeLock: 3, lockSeconds: 60 },
    passwords: RELAXED_PASSWORD_RULES,
    idleSeconds: 86400,
    tokenMinutes: 15,
    ...options.settings,
  };
  await ensureAdminAccount(db, settings.passwords, {
    ATRIUM_ADMIN_PASSWORD: ADMIN_PASSWORD,
  });

  const server = await startCoreServer({
    db,
    log,
    settings,
    tokens: new TokenIssuer(
      keys.privateKey,
      keys.publicKey,
      settings.tokenMinutes,
    ),
    maximumQueryResults: options.maximumQueryResults ?? 1000,
    bindAddress: options.bindAddress ?? '127.0.0.1',
    clientPort: 0,
    adminPort: 0,
    ...(options.tls && {
      tls: { credentials: options.tls, clientTlsPort: 0, adminTlsPort: 0 },
    }),
  });
  const clients: CoreClient[] = [];
  const urlOf = (port: CorePort) =>
    `ws://${server.plainAddress}:${port === 'client' ? server.clientPort : server.adminPort}`;
  const tlsUrlOf = (port: CorePort) =>
    `wss://${server.bindAddress}:${port === 'client' ? server.clientTlsPort : server.adminTlsPort}`;

  const logText = () =>
    readdirSync(logDir)
      .map((name) => readFileSync(join(logDir, name), 'utf8'))
      .join('');

  return {
    dir,
    config,
    db,
    log,
    keys,
    server,
    settings,
    urlOf,
    tlsUrlOf,
    async connect(port) {
      const client = await CoreClient.connect(urlOf(port));
      clients.push(client);
      return client;
    },
    async connectTls(port, ca) {
      const client = await CoreClient.connect(tlsUrlOf(port), { ca });
      clients.push(client);
      return client;
    },
    async addUser(userId, roles, password = `${userId}-Pw1`) {
      await addUser(db, { userId, password, roles }, settings.passwords);
    },
    logEntries() {
      return logText()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    logText,
    async stop() {
      await Promise.all(clients.map((c) => c.close()));
      await server.close();
      log.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A harness whose password rules are the relaxed ones with `passwords`
 * laid over them (and any other security `settings`), and an
 * administrator logged in on its admin port.
 */
export async function startHarnessWithRules(
  passwords: Partial<typeof RELAXED_PASSWORD_RULES>,
  settings: HarnessOptions['settings'] = {},
): Promise<{ harness: CoreServerHarness; admin: CoreClient }> {
  const harness = await startHarness({
    settings: {
      passwords: { ...RELAXED_PASSWORD_RULES, ...passwords },
      ...settings,
    },
  });
  const admin = await harness.connect('admin');
  await admin.authenticate('admin', ADMIN_PASSWORD);
  return { harness, admin };
}
