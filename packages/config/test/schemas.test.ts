import { describe, expect, it } from 'vitest';
import { loadIniFile, readIniText } from '../src/load-ini.js';
import type { IniSchema } from '../src/schema.js';
import { gatewayConfigSchema } from '../src/schemas/gateway-config.js';
import { reportServerConfigSchema } from '../src/schemas/report-server-config.js';
import { serverConfigSchema } from '../src/schemas/server-config.js';
import { webClientServiceConfigSchema } from '../src/schemas/webclient-service-config.js';
import { workerManagerConfigSchema } from '../src/schemas/worker-manager-config.js';
import { makeTempDir } from './helpers.js';

const SCHEMAS: IniSchema[] = [
  serverConfigSchema,
  webClientServiceConfigSchema,
  workerManagerConfigSchema,
  reportServerConfigSchema,
  gatewayConfigSchema,
];

// The keys DESIGN.md ("Configuration files") promises administrators.
const DESIGN_KEYS: Record<string, string[]> = {
  'serverconfig.ini': [
    'General.DataFilePath',
    'General.ImageDBPath',
    'General.SqlDatabasePath',
    'General.ConnectionTimeout',
    'General.FailedLoginsBeforeTempLock',
    'General.FailedLoginTempLockDuration',
    'General.ClientPort',
    'General.AdminPort',
    'General.ClientPortIPv6',
    'General.AdminPortIPv6',
    'General.ThreadPoolSize',
    'General.BackgroundTaskThreadCount',
    'General.LogFilePath',
    'General.LogArchiveIntervalType',
    'General.LogArchiveCustomInterval',
    'General.PasswordRulesEnforced',
    'General.PasswordExpiryThreshold',
    'General.RecentPasswordListSize',
    'General.PasswordChangeRequiredAfterReset',
    'General.DebugLog',
    'DicomNetwork.LocalPacsAETitle',
    'DicomNetwork.LocalPacsPort',
    'DicomNetwork.IncomingDirMonitorInterval',
    'DicomNetwork.EnableStoreScp',
    'DicomNetwork.EnableQueryScp',
    'DicomNetwork.EnableCGet',
    'DicomNetwork.AcceptUnknownAeTitles',
    'DicomNetwork.EnableLowLevelDebug',
    'DicomNetwork.MaximumQueryResults',
    'DicomNetwork.MaximumConnections',
    'DicomNetwork.RemoteDicomNodes\\Address',
    'DicomNetwork.RemoteDicomNodes\\Port',
    'DicomNetwork.RemoteDicomNodes\\AETitle',
    'DicomNetwork.RemoteDicomNodes\\Description',
    'DicomNetwork.RemoteDicomNodes\\Timeout',
    'DicomNetwork.RemoteDicomNodes\\ConnectAsAETitle',
    'DicomNetwork.RemoteDicomNodes\\RestrictToRole',
    'DicomNetwork.RemoteDicomNodes\\Tls',
    'DicomNetwork.RemoteDicomNodes\\Send',
    'DicomNetwork.RemoteDicomNodes\\AnonymizedSend',
    'DicomNetwork.RemoteDicomNodes\\AnonymizeName',
    'DicomNetwork.RemoteDicomNodes\\SendOriginalStudy',
    'DicomNetwork.RemoteDicomNodes\\SendWorkspaces',
    'DicomNetwork.RemoteDicomNodes\\SendReports',
    'DicomNetwork.RemoteDicomNodes\\ReportDicomType',
    'DicomNetwork.RemoteDicomNodes\\QueryRetrieve',
    'DicomNetwork.RemoteDicomNodes\\CGet',
    'DicomNetwork.RemoteDicomNodes\\CharacterEncoding',
    'Tls.ClientTlsPort',
    'Tls.AdminTlsPort',
    'Tls.LocalPacsTlsPort',
    'Tls.Certificate',
    'Tls.PrivateKey',
    'Tls.Pfx',
    'Tls.PfxPassword',
    'Network.BindAddress',
  ],
  'webclient_service.ini': [
    'webfqdn',
    'webport',
    'webtlsport',
    'recruiterport',
    'rpcport',
    'webtls',
    'webtlscert',
    'webtlskey',
    'webtlspfx',
    'webtlspfxpassword',
    'webtlscompatibility',
    'webforcehttps',
    'webframeancestors',
    'coreserverhost',
    'coreserverport',
    'cvtokenpubkey',
    'reportserverurl',
    'recruitersecret',
    'studyrequesturls',
  ].map((key) => `webclient_service.${key}`),
  'worker_manager.ini': [
    'webclientservicehost',
    'webclientservicerecruiterport',
    'workerid',
    'capacity',
    'recruitersecret',
  ].map((key) => `worker_manager.${key}`),
  // bindaddress, coreserverhost and coreserverport are Atrium's additions:
  // the report server reads studies from the Core Server and is reached
  // only through the service, so it listens on loopback by default.
  'report_server.ini': [
    'port',
    'cvtokenpubkey',
    'bindaddress',
    'coreserverhost',
    'coreserverport',
  ].map((key) => `report_server.${key}`),
  'gateway.ini': ['gateway.webport', 'gateway.cvtokenpubkey'],
};

function listKeys(schema: IniSchema): string[] {
  return Object.values(schema.sections).flatMap((section) => [
    ...Object.values(section.fields).map((f) => `${section.name}.${f.key}`),
    ...Object.values(section.lists ?? {}).flatMap((list) =>
      Object.values(list.fields).map(
        (f) => `${section.name}.${list.key}\\${f.key}`,
      ),
    ),
  ]);
}

describe('the schemas', () => {
  it.each(SCHEMAS.map((s) => [s.file, s] as const))(
    '%s has exactly the keys DESIGN.md lists',
    (file, schema) => {
      expect(listKeys(schema).sort()).toEqual(
        [...(DESIGN_KEYS[file] ?? [])].sort(),
      );
    },
  );

  it.each(SCHEMAS.map((s) => [s.file, s] as const))(
    '%s: the first-run file loads back to the defaults',
    (_file, schema) => {
      const dataDir = makeTempDir();
      const {
        file: _path,
        created,
        warnings: _warnings,
        ...values
      } = loadIniFile(schema, dataDir);
      expect(created).toBe(true);
      expect(values).toEqual(readIniText(schema, '', 'x.ini', dataDir));
    },
  );

  it('mark every password and shared secret as secret', () => {
    const fields = SCHEMAS.flatMap((schema) =>
      Object.values(schema.sections).flatMap((s) => Object.values(s.fields)),
    );
    const secrets = fields.filter(
      (f) => f.type === 'string' && /password|secret/i.test(f.key),
    );
    expect(secrets.length).toBeGreaterThan(3);
    for (const field of secrets) expect(field.secret, field.key).toBe(true);
  });
});
