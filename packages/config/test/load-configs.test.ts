import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FIRST_RUN_VALUES,
  loadGatewayConfig,
  loadReportServerConfig,
  loadServerConfig,
  loadWebClientServiceConfig,
  loadWorkerManagerConfig,
} from '../src/load-configs.js';
import { makeTempDir } from './helpers.js';

describe('the typed loaders', () => {
  it('load serverconfig.ini with the first-run DICOM port of npm start', () => {
    const dataDir = makeTempDir();
    const config = loadServerConfig(dataDir, {
      firstRun: FIRST_RUN_VALUES.serverConfig,
    });
    expect(config.dicomNetwork.localPacsPort).toBe(11112);
    expect(config.general.clientPort).toBe(49696);
    expect(config.general.logFilePath).toBe(`${dataDir}/ServerLogs`);
  });

  it('load webclient_service.ini with its defaults and the first-run HTTPS port', () => {
    const dataDir = makeTempDir();
    const first = loadWebClientServiceConfig(dataDir, {
      firstRun: FIRST_RUN_VALUES.webClientService,
    });
    expect(first.webClientService).toMatchObject({
      webPort: 4293,
      webTlsPort: 4443,
      recruiterPort: 4292,
      rpcPort: 4289,
      coreServerPort: 49696,
      webTlsCompatibility: 'modern',
      cvTokenPubKey: `${dataDir}/keys/token-public.pem`,
    });
    expect(readFileSync(first.file, 'utf8')).toContain('[webclient_service]');
  });

  it('load the worker manager, report server and gateway files', () => {
    const dataDir = makeTempDir();
    expect(loadWorkerManagerConfig(dataDir).workerManager).toMatchObject({
      webClientServiceRecruiterPort: 4292,
      capacity: 4,
      workerId: '',
    });
    expect(loadReportServerConfig(dataDir).reportServer.port).toBe(4280);
    expect(loadGatewayConfig(dataDir).gateway.webPort).toBe(4299);
  });
});
