import { parseArgs } from 'node:util';
import { AtriumError } from '@atrium/protocol';
import { ensureTokenKeys } from '@atrium/tokens';
import { securitySettingsOf } from '../auth/security-settings.js';
import { TokenIssuer } from '../auth/token-issuer.js';
import { openCoreContext, type CoreContext } from '../context.js';
import { DicomNetwork } from '../dicom-net/dicom-network.js';
import {
  ADMIN_USER_ID,
  createAdminAccount,
  prepareAdminAccount,
  type AdminAccountOutcome,
  type PreparedAdminAccount,
} from '../users/admin-account.js';
import type { PasswordRules } from '../users/password-policy.js';
import { startCoreServer, type RunningCoreServer } from './core-server.js';
import { refuseSharedPorts } from './port-conflicts.js';
import { loadTlsCredentials } from './tls-credentials.js';

const USAGE = `Usage: atrium-core serve

Runs the Core Server with the settings of <data>/serverconfig.ini (the data
directory is ATRIUM_DATA, else data/ at the repository root). Stop it with
Ctrl-C or SIGTERM.
`;

/**
 * `serve`: loads the settings, makes the token keys and the first admin
 * account on first run, then serves the client and admin RPC ports (and
 * their TLS ports once [Tls] names a certificate) until SIGINT or SIGTERM.
 * An expired certificate, or a key that does not belong to it, stops the
 * start with one line.
 */
export async function runServeCommand(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: { help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
  } catch (err) {
    process.stderr.write(`atrium-core serve: ${(err as Error).message}\n`);
    return 2;
  }

  let context: CoreContext;
  try {
    context = openCoreContext();
  } catch (err) {
    process.stderr.write(`atrium-core: ${(err as Error).message}\n`);
    return 1;
  }

  try {
    return await serve(context);
  } catch (err) {
    // Expected failures (a port in use, a bad admin password) are one line;
    // anything else is logged in full as well.
    if (!(err instanceof AtriumError)) {
      context.log.error('Core Server stopped on an error', err);
    }
    context.log.system('ERROR', 'Core Server could not start', {
      reason: (err as Error).message,
    });
    process.stderr.write(`atrium-core: ${(err as Error).message}\n`);
    return 1;
  } finally {
    context.close();
  }
}

async function serve(context: CoreContext): Promise<number> {
  const { config, db, log, dataDir } = context;
  const settings = securitySettingsOf(config);
  const credentials = loadTlsCredentials(config.tls);
  refuseSharedPorts(config, credentials !== null);

  const keys = await ensureTokenKeys(dataDir);
  if (keys.created) {
    log.info('Token key pair created', { publicKey: keys.publicKeyPath });
  }
  // The first-run admin password is checked now but the account is written
  // only once the ports are bound, and printed right then: a start that
  // fails leaves no account whose password nobody saw.
  const pendingAdmin = await prepareAdminAccount(db, settings.passwords);

  const dicom = DicomNetwork.create(context);
  const server = await startCoreServer({
    dicom,
    db,
    log,
    settings,
    tokens: new TokenIssuer(
      keys.privateKey,
      keys.publicKey,
      settings.tokenMinutes,
    ),
    maximumQueryResults: config.dicomNetwork.maximumQueryResults,
    bindAddress: config.network.bindAddress,
    clientPort: config.general.clientPort,
    adminPort: config.general.adminPort,
    ...(credentials && {
      tls: {
        credentials,
        clientTlsPort: config.tls.clientTlsPort,
        adminTlsPort: config.tls.adminTlsPort,
      },
    }),
  });
  await dicom.start().catch(async (err: unknown) => {
    await server.close();
    throw err;
  });
  let admin: AdminAccountOutcome;
  try {
    admin = createFirstAdmin(context, pendingAdmin, settings.passwords);
  } catch (err) {
    await server.close();
    await dicom.close();
    throw err;
  }
  log.info('Core Server started', {
    bindAddress: server.bindAddress,
    plainAddress: server.plainAddress,
    clientPort: server.clientPort,
    adminPort: server.adminPort,
    clientTlsPort: server.clientTlsPort,
    adminTlsPort: server.adminTlsPort,
    ...(credentials && { certificate: credentials.source }),
  });
  // Listen for the stop signals before saying we are up: a supervisor may
  // send one the moment it reads that line.
  const stopSignal = waitForStopSignal();
  printStarted(server, admin, dicom);

  const signal = await stopSignal;
  log.info('Core Server stopping', { signal });
  await server.close();
  await dicom.close();
  process.stdout.write('Atrium Core Server stopped\n');
  return 0;
}

/** Writes the prepared first-run admin account and logs that it exists. */
function createFirstAdmin(
  context: CoreContext,
  prepared: PreparedAdminAccount | null,
  rules: PasswordRules,
): AdminAccountOutcome {
  if (!prepared) return { created: false };
  const admin = createAdminAccount(context.db, prepared, rules);
  if (admin.created) {
    context.log.access({
      op: 'AddUser',
      status: 'Success',
      latencysms: 0,
      client: 'local',
      user: 'system',
      target: ADMIN_USER_ID,
      reason: 'first run',
    });
  }
  return admin;
}

function printStarted(
  server: RunningCoreServer,
  admin: AdminAccountOutcome,
  dicom: DicomNetwork,
): void {
  const plain = hostOf(server.plainAddress);
  const tls = hostOf(server.bindAddress);
  const tlsLines =
    server.clientTlsPort === null || server.adminTlsPort === null
      ? ''
      : `  client RPC  wss://${tls}:${server.clientTlsPort}  (ClientTlsPort, TLS 1.3)\n` +
        `  admin RPC   wss://${tls}:${server.adminTlsPort}  (AdminTlsPort, TLS 1.3)\n`;
  const loopbackNote = tlsLines
    ? '  (a certificate is installed: the plain ports listen on loopback only)\n'
    : '';
  process.stdout.write(
    `Atrium Core Server listening on ${server.bindAddress}:\n` +
      tlsLines +
      `  client RPC  ws://${plain}:${server.clientPort}  (ClientPort)\n` +
      `  admin RPC   ws://${plain}:${server.adminPort}  (AdminPort)\n` +
      dicomLine(server, dicom) +
      loopbackNote,
  );
  if (!admin.created) return;

  // Shown on the console once and never written to a log.
  const source = admin.generated
    ? `password: ${admin.password}\n  (generated; shown only now: note it and change it at first login)`
    : 'password: the value of ATRIUM_ADMIN_PASSWORD';
  process.stdout.write(
    `\nFirst run: created the administrator account\n` +
      `  user ID:  ${ADMIN_USER_ID}\n  ${source}\n\n`,
  );
}

function dicomLine(server: RunningCoreServer, dicom: DicomNetwork): string {
  if (dicom.port === undefined) return '';
  const host = hostOf(server.bindAddress);
  return `  DICOM       ${dicom.localAeTitle}@${host}:${dicom.port}  (LocalPacsPort)\n`;
}

function hostOf(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
