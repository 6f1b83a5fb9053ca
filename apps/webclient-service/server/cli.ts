#!/usr/bin/env node
// `webclient-service [--dev] [--no-next]`: starts the WebClient Service on
// the settings of <data>/webclient_service.ini (written with defaults on a
// first run). --dev runs Next in development mode with reload; --no-next
// serves only the custom routes (health, sockets, recruiter, worker RPC).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FIRST_RUN_VALUES,
  loadWebClientServiceConfig,
  resolveDataDir,
} from '@atrium/config';
import { startWebClientService } from './start-service.js';

// The package folder: one level above both server/ and dist-server/.
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dev = args.includes('--dev');
  const dataDir = resolveDataDir();
  // A first run writes HTTPS on 4443 rather than 443, which needs root.
  const settings = loadWebClientServiceConfig(dataDir, {
    firstRun: FIRST_RUN_VALUES.webClientService,
  }).webClientService;
  const service = await startWebClientService({
    dataDir,
    settings,
    next: args.includes('--no-next') ? false : { dev, dir: packageDir },
  });

  const { web, webTls } = service.ports;
  console.log(`webclient-service: http://${settings.webFqdn}:${web}/`);
  if (webTls !== null) {
    console.log(`webclient-service: https://${settings.webFqdn}:${webTls}/`);
  }

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void service.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`webclient-service: ${(error as Error).message}`);
  process.exit(1);
});
