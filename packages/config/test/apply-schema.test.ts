import { describe, expect, it } from 'vitest';
import { readIniText } from '../src/load-ini.js';
import { serverConfigSchema } from '../src/schemas/server-config.js';
import { webClientServiceConfigSchema } from '../src/schemas/webclient-service-config.js';
import { catchConfigError } from './helpers.js';

const DATA = '/srv/atrium-data';
const FILE = `${DATA}/serverconfig.ini`;

function readServer(text: string) {
  return readIniText(serverConfigSchema, text, FILE, DATA);
}

function failServer(text: string) {
  return catchConfigError(() => readServer(text));
}

describe('applySchema', () => {
  it('fills every key the file leaves out with its default', () => {
    const config = readServer('');
    expect(config.general.clientPort).toBe(49696);
    expect(config.general.adminPort).toBe(49697);
    expect(config.general.connectionTimeout).toBe(86400);
    expect(config.dicomNetwork.localPacsPort).toBe(104);
    expect(config.dicomNetwork.localPacsAeTitle).toBe('ATRIUM');
    expect(config.dicomNetwork.enableStoreScp).toBe(true);
    expect(config.dicomNetwork.enableCGet).toBe(false);
    expect(config.dicomNetwork.remoteDicomNodes).toEqual([]);
    expect(config.tls.clientTlsPort).toBe(4390);
    expect(config.network.bindAddress).toBe('0.0.0.0');
  });

  it('resolves default and relative paths against the data directory', () => {
    const config = readServer('[General]\nLogFilePath=logs/core\n');
    expect(config.general.dataFilePath).toBe(DATA);
    expect(config.general.imageDbPath).toBe(`${DATA}/imagedb`);
    expect(config.general.sqlDatabasePath).toBe(`${DATA}/sqldb/atrium.sqlite`);
    expect(config.general.logFilePath).toBe(`${DATA}/logs/core`);
    expect(config.tls.certificate).toBe('');
  });

  it('keeps absolute paths and treats an empty path as its default', () => {
    const config = readServer(
      '[General]\nImageDBPath=/mnt/images\nSqlDatabasePath=\n',
    );
    expect(config.general.imageDbPath).toBe('/mnt/images');
    expect(config.general.sqlDatabasePath).toBe(`${DATA}/sqldb/atrium.sqlite`);
  });

  it('matches section and key names without regard to case', () => {
    const config = readServer(
      '[general]\nclientport=5000\n[DICOMNETWORK]\nlocalpacsaetitle=HEART\nENABLECGET=TRUE\n',
    );
    expect(config.general.clientPort).toBe(5000);
    expect(config.dicomNetwork.localPacsAeTitle).toBe('HEART');
    expect(config.dicomNetwork.enableCGet).toBe(true);
  });

  it('reads numbered list entries into an array ordered by number', () => {
    const config = readServer(
      [
        '[DicomNetwork]',
        'RemoteDicomNodes\\2\\Address=10.0.0.2',
        'RemoteDicomNodes\\2\\AETitle=ARCHIVE',
        'remotedicomnodes\\1\\address=pacs.example.org',
        'RemoteDicomNodes\\1\\AeTitle=PACS',
        'RemoteDicomNodes\\1\\Port=11112',
        'RemoteDicomNodes\\1\\QueryRetrieve=true',
        'RemoteDicomNodes\\1\\ReportDicomType=secondarycapture',
        'RemoteDicomNodes\\1\\AnonymizeName=ANON^STUDY',
        'RemoteDicomNodes\\size=2',
      ].join('\n'),
    );
    const [first, second] = config.dicomNetwork.remoteDicomNodes;
    expect(config.dicomNetwork.remoteDicomNodes).toHaveLength(2);
    expect(first).toMatchObject({
      index: 1,
      address: 'pacs.example.org',
      aeTitle: 'PACS',
      port: 11112,
      queryRetrieve: true,
      reportDicomType: 'SecondaryCapture',
      anonymizeName: 'ANON^STUDY',
      send: true,
      timeout: 30,
    });
    expect(second).toMatchObject({ index: 2, address: '10.0.0.2', port: 104 });
  });

  it('keeps gaps in list numbering and each entry its own number', () => {
    const config = readServer(
      '[DicomNetwork]\nRemoteDicomNodes\\3\\Address=c\nRemoteDicomNodes\\3\\AETitle=C\nRemoteDicomNodes\\1\\Address=a\nRemoteDicomNodes\\1\\AETitle=A\n',
    );
    expect(config.dicomNetwork.remoteDicomNodes.map((n) => n.index)).toEqual([
      1, 3,
    ]);
  });

  it('names file, key, expectation, finding and line for a port out of range', () => {
    const error = failServer(
      '[General]\n\n\n\n\n\n\n\n\n\n\nClientPort=70000\n',
    );
    expect(error.code).toBe('CFG_INVALID_VALUE');
    expect(error.message).toBe(
      `${FILE}: [General] ClientPort: expected a port 1-65535, found "70000" (line 12)`,
    );
    expect(error.file).toBe(FILE);
    expect(error.key).toBe('General.ClientPort');
    expect(error.line).toBe(12);
  });

  it('uses the schema spelling of a key written in another case', () => {
    const error = failServer('[general]\nclientport=0\n');
    expect(error.message).toBe(
      `${FILE}: [General] ClientPort: expected a port 1-65535, found "0" (line 2)`,
    );
  });

  it.each([
    [
      '[General]\nThreadPoolSize=many',
      '[General] ThreadPoolSize: expected a whole number from 1 to 256, found "many" (line 2)',
    ],
    [
      '[General]\nThreadPoolSize=1.5',
      'expected a whole number from 1 to 256, found "1.5"',
    ],
    [
      '[General]\nThreadPoolSize=0',
      'expected a whole number from 1 to 256, found "0"',
    ],
    [
      '[General]\nFailedLoginsBeforeTempLock=-2',
      'expected a whole number from -1 to 1000, found "-2"',
    ],
    [
      '[General]\nConnectionTimeout=',
      'ConnectionTimeout: expected a whole number of at least 1, found nothing (line 2)',
    ],
    [
      '[General]\nPasswordRulesEnforced=yes',
      '[General] PasswordRulesEnforced: expected true or false, found "yes" (line 2)',
    ],
    ['[General]\nPasswordRulesEnforced=1', 'expected true or false, found "1"'],
    [
      '[General]\nLogArchiveIntervalType=5',
      '[General] LogArchiveIntervalType: expected one of 1, 2, 3, 4, found "5" (line 2)',
    ],
    ['[General]\nDebugLog=3', 'DebugLog: expected one of 0, 1, 2, found "3"'],
    [
      '[DicomNetwork]\nLocalPacsAETitle=WAY_TOO_LONG_AE_TITLE',
      'LocalPacsAETitle: expected an AE title of 1-16 characters without a backslash, found "WAY_TOO_LONG_AE_TITLE"',
    ],
    [
      '[DicomNetwork]\nLocalPacsAETitle=',
      'LocalPacsAETitle: expected an AE title of 1-16 characters without a backslash, found nothing',
    ],
    [
      '[Network]\nBindAddress=everywhere',
      '[Network] BindAddress: expected an IP address such as 0.0.0.0 or ::, found "everywhere" (line 2)',
    ],
    [
      '[DicomNetwork]\nRemoteDicomNodes\\1\\Address=pacs\nRemoteDicomNodes\\1\\AETitle=P\nRemoteDicomNodes\\1\\Port=99999',
      '[DicomNetwork] RemoteDicomNodes\\1\\Port: expected a port 1-65535, found "99999" (line 4)',
    ],
    [
      '[DicomNetwork]\nRemoteDicomNodes\\1\\Address=bad host\nRemoteDicomNodes\\1\\AETitle=P',
      'RemoteDicomNodes\\1\\Address: expected a host name or IP address, found "bad host" (line 2)',
    ],
  ])('rejects a value of the wrong type: %s', (text, message) => {
    const error = failServer(text);
    expect(error.code).toBe('CFG_INVALID_VALUE');
    expect(error.message).toContain(message);
    expect(error.message.startsWith(`${FILE}: [`)).toBe(true);
    expect(error.message).not.toContain('\n');
  });

  it('escapes control bytes and cuts long values so an error stays one readable line', () => {
    const escape = failServer('[General]\nClientPort=\x1b[31m7000\x1b[0m\n');
    expect(escape.message).toBe(
      `${FILE}: [General] ClientPort: expected a port 1-65535, found "\\x1b[31m7000\\x1b[0m" (line 2)`,
    );

    const long = failServer(`[General]\nClientPort=${'9'.repeat(500)}\n`);
    expect(long.message).toBe(
      `${FILE}: [General] ClientPort: expected a port 1-65535, found "${'9'.repeat(60)}…" (line 2)`,
    );

    const key = failServer('[General]\nClient\x07Port\u202e=1\n');
    expect(key.message).toMatch(
      /^\S+ \[General\] Client\\x07Port\\u202e: expected a key of \[General\]/,
    );
    for (const error of [escape, long, key]) {
      expect(error.message).not.toMatch(/[\p{Cc}\u202e]/u);
    }
  });

  it('describes a secret value by its length, never echoing it', () => {
    const schema = {
      file: 'vault.ini',
      doc: 'test',
      sections: {
        vault: {
          name: 'Vault',
          fields: {
            pin: {
              key: 'Pin',
              type: 'int',
              min: 0,
              max: 9999,
              default: 0,
              doc: 'PIN',
              secret: true,
            },
          },
        },
      },
    } as const;
    const error = catchConfigError(() =>
      readIniText(schema, '[Vault]\nPin=hunter2\n', '/d/vault.ini', '/d'),
    );
    expect(error.message).toBe(
      '/d/vault.ini: [Vault] Pin: expected a whole number from 0 to 9999, found a value of 7 characters (line 2)',
    );
  });

  it('reads a custom schema with the value types the schema declares', () => {
    const config = readIniText(
      webClientServiceConfigSchema,
      '[WebClient_Service]\nwebtlscompatibility=Intermediate\nwebtls=true\nrecruitersecret=" s3;cr#t "\n',
      '/d/webclient_service.ini',
      '/d',
    );
    expect(config.webClientService.webTlsCompatibility).toBe('intermediate');
    expect(config.webClientService.webTls).toBe(true);
    expect(config.webClientService.recruiterSecret).toBe(' s3;cr#t ');
  });

  it('names an unknown key and suggests the closest known one', () => {
    const error = failServer('[General]\nClinetPort=1\n');
    expect(error.code).toBe('CFG_UNKNOWN_KEY');
    expect(error.message).toBe(
      `${FILE}: [General] ClinetPort: expected a key of [General], found an unknown key (did you mean ClientPort?) (line 2)`,
    );
  });

  it('names an unknown section', () => {
    const error = failServer('[Genral]\nClientPort=1\n');
    expect(error.code).toBe('CFG_UNKNOWN_SECTION');
    expect(error.message).toBe(
      `${FILE}: [Genral]: expected one of the sections [General], [DicomNetwork], [Tls], [Network], found an unknown section (did you mean [General]?) (line 1)`,
    );
  });

  it('rejects a key of one section written in another', () => {
    expect(failServer('[Tls]\nClientPort=1\n').code).toBe('CFG_UNKNOWN_KEY');
  });

  it('rejects badly numbered or unknown list keys', () => {
    const zero = failServer('[DicomNetwork]\nRemoteDicomNodes\\0\\Address=a\n');
    expect(zero.code).toBe('CFG_UNKNOWN_KEY');
    expect(zero.message).toContain(
      'expected RemoteDicomNodes\\N\\Key with N a number from 1',
    );

    const field = failServer('[DicomNetwork]\nRemoteDicomNodes\\1\\Adress=a\n');
    expect(field.message).toContain('(did you mean Address?) (line 2)');
  });

  it('rejects a list entry that leaves out a required key', () => {
    const error = failServer(
      '[DicomNetwork]\nRemoteDicomNodes\\1\\Address=pacs\n',
    );
    expect(error.code).toBe('CFG_MISSING_VALUE');
    expect(error.message).toBe(
      `${FILE}: [DicomNetwork] RemoteDicomNodes\\1\\AETitle: expected a value for node 1, found no AETitle line`,
    );
  });

  it('rejects a list size smaller than the highest entry number', () => {
    const error = failServer(
      '[DicomNetwork]\nRemoteDicomNodes\\2\\Address=a\nRemoteDicomNodes\\2\\AETitle=A\nRemoteDicomNodes\\size=1\n',
    );
    expect(error.code).toBe('CFG_INVALID_VALUE');
    expect(error.message).toContain(
      'RemoteDicomNodes\\size: expected a whole number of at least 2',
    );
  });
});
