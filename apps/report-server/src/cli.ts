#!/usr/bin/env node
// `atrium-report-server`: serves report pages on the settings of
// <data>/report_server.ini (written with defaults on a first run) until
// stopped. Browsers reach it through the WebClient Service's /report/ path.
import {
  loadReportServerConfig,
  loadServerConfig,
  resolveDataDir,
} from '@atrium/config';
import { createLogger } from '@atrium/log';
import { loadPublicKey } from '@atrium/tokens';
import { startReportServer } from './start-report-server.js';

async function main(): Promise<void> {
  const dataDir = resolveDataDir();
  const settings = loadReportServerConfig(dataDir).reportServer;
  const general = loadServerConfig(dataDir).general;
  const log = createLogger({
    processName: 'report-server',
    dir: general.logFilePath,
    debugLog: general.debugLog,
    archive: {
      intervalType: general.logArchiveIntervalType,
      customIntervalDays: general.logArchiveCustomInterval,
    },
  });
  const server = await startReportServer({
    host: settings.bindAddress,
    port: settings.port,
    core: { host: settings.coreServerHost, port: settings.coreServerPort },
    publicKey: await loadPublicKey(settings.cvTokenPubKey),
    log,
  });
  console.log(
    `report-server: http://${settings.bindAddress}:${server.port}/report/ ` +
      '(browsers use the WebClient Service)',
  );

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log.info('Report server stopping');
    void server.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`report-server: ${(error as Error).message}`);
  process.exit(1);
});
