import {
  loadIniFile,
  type LoadIniOptions,
  type LoadedIni,
} from './load-ini.js';
import { gatewayConfigSchema } from './schemas/gateway-config.js';
import { reportServerConfigSchema } from './schemas/report-server-config.js';
import { serverConfigSchema } from './schemas/server-config.js';
import { webClientServiceConfigSchema } from './schemas/webclient-service-config.js';
import { workerManagerConfigSchema } from './schemas/worker-manager-config.js';

/** `serverconfig.ini` as loaded: `general`, `dicomNetwork`, `tls`, `network`. */
export type ServerConfig = LoadedIni<typeof serverConfigSchema>;
/** One `RemoteDicomNodes\N\…` group; `index` is its N. */
export type RemoteDicomNode =
  ServerConfig['dicomNetwork']['remoteDicomNodes'][number];
/** `webclient_service.ini` as loaded: `webClientService`. */
export type WebClientServiceConfig = LoadedIni<
  typeof webClientServiceConfigSchema
>;
/** `worker_manager.ini` as loaded: `workerManager`. */
export type WorkerManagerConfig = LoadedIni<typeof workerManagerConfigSchema>;
/** `report_server.ini` as loaded: `reportServer`. */
export type ReportServerConfig = LoadedIni<typeof reportServerConfigSchema>;
/** `gateway.ini` as loaded: `gateway`. */
export type GatewayConfig = LoadedIni<typeof gatewayConfigSchema>;

/**
 * Values the first-run files of `npm start` use where the production default
 * needs root: DICOM on 11112 instead of 104, HTTPS on 4443 instead of 443.
 */
export const FIRST_RUN_VALUES = {
  serverConfig: { LocalPacsPort: 11112 },
  webClientService: { webtlsport: 4443 },
} as const;

/** Loads (writing on first run) `<dataDir>/serverconfig.ini`. */
export function loadServerConfig(
  dataDir: string,
  options?: LoadIniOptions,
): ServerConfig {
  return loadIniFile(serverConfigSchema, dataDir, options);
}

/** Loads (writing on first run) `<dataDir>/webclient_service.ini`. */
export function loadWebClientServiceConfig(
  dataDir: string,
  options?: LoadIniOptions,
): WebClientServiceConfig {
  return loadIniFile(webClientServiceConfigSchema, dataDir, options);
}

/** Loads (writing on first run) `<dataDir>/worker_manager.ini`. */
export function loadWorkerManagerConfig(
  dataDir: string,
  options?: LoadIniOptions,
): WorkerManagerConfig {
  return loadIniFile(workerManagerConfigSchema, dataDir, options);
}

/** Loads (writing on first run) `<dataDir>/report_server.ini`. */
export function loadReportServerConfig(
  dataDir: string,
  options?: LoadIniOptions,
): ReportServerConfig {
  return loadIniFile(reportServerConfigSchema, dataDir, options);
}

/** Loads (writing on first run) `<dataDir>/gateway.ini`. */
export function loadGatewayConfig(
  dataDir: string,
  options?: LoadIniOptions,
): GatewayConfig {
  return loadIniFile(gatewayConfigSchema, dataDir, options);
}
