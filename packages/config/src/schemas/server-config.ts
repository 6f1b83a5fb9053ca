import type { IniSchema } from '../schema.js';
import { remoteDicomNodeListSchema } from './remote-dicom-node.js';

const ANY = Number.MAX_SAFE_INTEGER;

/**
 * `serverconfig.ini`, read by the Core Server. Key names and defaults follow
 * DESIGN.md. Defaults DESIGN.md leaves open, chosen here: LogArchiveCustomInterval
 * 7 days; PasswordExpiryThreshold 0 and RecentPasswordListSize 0 (off, as
 * DESIGN.md asks of the password keys); FailedLoginTempLockDuration is in
 * seconds.
 */
export const serverConfigSchema = {
  file: 'serverconfig.ini',
  doc: 'Settings of the Atrium Core Server (image database, users, DICOM network).',
  sections: {
    general: {
      name: 'General',
      fields: {
        dataFilePath: {
          key: 'DataFilePath',
          type: 'path',
          default: '.',
          doc: 'Folder for the Core Server data files; relative paths are resolved against the data directory.',
        },
        imageDbPath: {
          key: 'ImageDBPath',
          type: 'path',
          default: 'imagedb',
          doc: 'Folder of the image store (DICOM files).',
        },
        sqlDatabasePath: {
          key: 'SqlDatabasePath',
          type: 'path',
          default: 'sqldb/atrium.sqlite',
          doc: 'SQLite file of the study index, users, roles and sessions.',
        },
        connectionTimeout: {
          key: 'ConnectionTimeout',
          type: 'int',
          default: 86400,
          min: 1,
          max: ANY,
          doc: 'Seconds an idle client connection (and its session) is kept.',
        },
        failedLoginsBeforeTempLock: {
          key: 'FailedLoginsBeforeTempLock',
          type: 'int',
          default: 3,
          min: -1,
          max: 1000,
          doc: 'Consecutive failed logins that lock an account for FailedLoginTempLockDuration; 0 never locks; -1 locks after 3 failures until an administrator unlocks.',
        },
        failedLoginTempLockDuration: {
          key: 'FailedLoginTempLockDuration',
          type: 'int',
          default: 60,
          min: 1,
          max: ANY,
          doc: 'Seconds a temporarily locked account stays locked.',
        },
        clientPort: {
          key: 'ClientPort',
          type: 'port',
          default: 49696,
          doc: 'Port of the client RPC (IPv4).',
        },
        adminPort: {
          key: 'AdminPort',
          type: 'port',
          default: 49697,
          doc: 'Port of the admin RPC (IPv4).',
        },
        clientPortIpv6: {
          key: 'ClientPortIPv6',
          type: 'port',
          default: 48696,
          doc: 'Port of the client RPC (IPv6).',
        },
        adminPortIpv6: {
          key: 'AdminPortIPv6',
          type: 'port',
          default: 48697,
          doc: 'Port of the admin RPC (IPv6).',
        },
        threadPoolSize: {
          key: 'ThreadPoolSize',
          type: 'int',
          default: 10,
          min: 1,
          max: 256,
          doc: 'Threads serving client requests.',
        },
        backgroundTaskThreadCount: {
          key: 'BackgroundTaskThreadCount',
          type: 'int',
          default: 4,
          min: 1,
          max: 64,
          doc: 'Threads for background tasks (import, retrieve, clean-up).',
        },
        logFilePath: {
          key: 'LogFilePath',
          type: 'path',
          default: 'ServerLogs',
          doc: 'Folder of the log files.',
        },
        logArchiveIntervalType: {
          key: 'LogArchiveIntervalType',
          type: 'enum',
          values: [1, 2, 3, 4],
          default: 1,
          doc: 'When logs are archived: 1 daily, 2 weekly, 3 monthly, 4 every LogArchiveCustomInterval days. Logs are never deleted.',
        },
        logArchiveCustomInterval: {
          key: 'LogArchiveCustomInterval',
          type: 'int',
          default: 7,
          min: 1,
          max: 3650,
          doc: 'Days per log archive when LogArchiveIntervalType is 4.',
        },
        passwordRulesEnforced: {
          key: 'PasswordRulesEnforced',
          type: 'bool',
          default: false,
          doc: 'Require strong passwords (length and character classes).',
        },
        passwordExpiryThreshold: {
          key: 'PasswordExpiryThreshold',
          type: 'int',
          default: 0,
          min: 0,
          max: 3650,
          doc: 'Days after which a password must be changed; 0 never.',
        },
        recentPasswordListSize: {
          key: 'RecentPasswordListSize',
          type: 'int',
          default: 0,
          min: 0,
          max: 100,
          doc: 'Number of recent passwords a user may not reuse; 0 none.',
        },
        passwordChangeRequiredAfterReset: {
          key: 'PasswordChangeRequiredAfterReset',
          type: 'bool',
          default: false,
          doc: 'Make a user change a password an administrator has reset.',
        },
        debugLog: {
          key: 'DebugLog',
          type: 'enum',
          values: [0, 1, 2],
          default: 0,
          doc: 'Debug logging: 0 none, 1 to the log file, 2 to the log file and the console.',
        },
      },
    },
    dicomNetwork: {
      name: 'DicomNetwork',
      fields: {
        localPacsAeTitle: {
          key: 'LocalPacsAETitle',
          type: 'aetitle',
          default: 'ATRIUM',
          doc: 'AE title of the Core Server as a DICOM node.',
        },
        localPacsPort: {
          key: 'LocalPacsPort',
          type: 'port',
          default: 104,
          doc: 'DICOM port (plain).',
        },
        incomingDirMonitorInterval: {
          key: 'IncomingDirMonitorInterval',
          type: 'int',
          default: 10,
          min: 1,
          max: 86400,
          doc: 'Seconds between scans of the incoming folder.',
        },
        enableStoreScp: {
          key: 'EnableStoreScp',
          type: 'bool',
          default: true,
          doc: 'Accept C-STORE (studies sent to Atrium).',
        },
        enableQueryScp: {
          key: 'EnableQueryScp',
          type: 'bool',
          default: true,
          doc: 'Answer C-FIND and C-MOVE (other nodes query Atrium).',
        },
        enableCGet: {
          key: 'EnableCGet',
          type: 'bool',
          default: false,
          doc: 'Answer C-GET.',
        },
        acceptUnknownAeTitles: {
          key: 'AcceptUnknownAeTitles',
          type: 'bool',
          default: false,
          doc: 'Accept associations from AE titles not listed as remote nodes.',
        },
        enableLowLevelDebug: {
          key: 'EnableLowLevelDebug',
          type: 'bool',
          default: false,
          doc: 'Log every DIMSE message (very verbose).',
        },
        maximumQueryResults: {
          key: 'MaximumQueryResults',
          type: 'int',
          default: 1000,
          min: 1,
          max: ANY,
          doc: 'Most matches a C-FIND answers with.',
        },
        maximumConnections: {
          key: 'MaximumConnections',
          type: 'int',
          default: 10,
          min: 1,
          max: 1000,
          doc: 'Most simultaneous DICOM associations.',
        },
      },
      lists: {
        remoteDicomNodes: remoteDicomNodeListSchema,
      },
    },
    tls: {
      name: 'Tls',
      fields: {
        clientTlsPort: {
          key: 'ClientTlsPort',
          type: 'port',
          default: 4390,
          doc: 'Port of the client RPC over TLS, used once a certificate is installed.',
        },
        adminTlsPort: {
          key: 'AdminTlsPort',
          type: 'port',
          default: 4391,
          doc: 'Port of the admin RPC over TLS.',
        },
        localPacsTlsPort: {
          key: 'LocalPacsTlsPort',
          type: 'port',
          default: 2762,
          doc: 'DICOM TLS port.',
        },
        certificate: {
          key: 'Certificate',
          type: 'path',
          default: '',
          doc: 'Certificate chain in PEM; empty means no TLS.',
        },
        privateKey: {
          key: 'PrivateKey',
          type: 'path',
          default: '',
          doc: 'Private key of the certificate in PEM.',
        },
        pfx: {
          key: 'Pfx',
          type: 'path',
          default: '',
          doc: 'Certificate and key as PKCS #12, instead of Certificate and PrivateKey.',
        },
        pfxPassword: {
          key: 'PfxPassword',
          type: 'string',
          default: '',
          secret: true,
          doc: 'Password of the PKCS #12 file.',
        },
      },
    },
    network: {
      name: 'Network',
      fields: {
        bindAddress: {
          key: 'BindAddress',
          type: 'ip',
          default: '0.0.0.0',
          doc: 'Address every listener of the Core Server binds to (0.0.0.0 all IPv4, :: all, 127.0.0.1 loopback only).',
        },
      },
    },
  },
} as const satisfies IniSchema;
