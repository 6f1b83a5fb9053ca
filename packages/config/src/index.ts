export * from './errors.js';
export type * from './schema.js';
export {
  parseIni,
  type IniEntry,
  type IniSection,
  type ParsedIni,
} from './ini-parser.js';
export { renderDefaultIni } from './render-defaults.js';
export {
  loadIniFile,
  readIniText,
  type LoadIniOptions,
  type LoadedIni,
} from './load-ini.js';
export { writeIniSetting, type WriteSettingOptions } from './write-setting.js';
export {
  findRepositoryRoot,
  resolveDataDir,
  resolveUserPath,
} from './data-dir.js';
export * from './load-configs.js';
export { serverConfigSchema } from './schemas/server-config.js';
export { remoteDicomNodeListSchema } from './schemas/remote-dicom-node.js';
export { webClientServiceConfigSchema } from './schemas/webclient-service-config.js';
export { workerManagerConfigSchema } from './schemas/worker-manager-config.js';
export { reportServerConfigSchema } from './schemas/report-server-config.js';
export { gatewayConfigSchema } from './schemas/gateway-config.js';
