import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIniFile } from '../src/load-ini.js';
import { serverConfigSchema } from '../src/schemas/server-config.js';
import { writeIniSetting } from '../src/write-setting.js';
import { catchConfigError, makeTempDir } from './helpers.js';

const ORIGINAL = [
  '; Managed by the hospital IT team',
  '[General]',
  '# the client port',
  'ClientPort = 49696',
  'DebugLog=0',
  '',
  '[Tls]',
  'PfxPassword=a;b',
  '',
].join('\n');

function writeOriginal(text = ORIGINAL): { dir: string; file: string } {
  const dir = makeTempDir();
  const file = join(dir, 'serverconfig.ini');
  writeFileSync(file, text);
  return { dir, file };
}

const NOON = () => new Date(2026, 11, 4, 12, 30, 5);

describe('writeIniSetting', () => {
  it('changes one value in place and keeps comments and spacing', () => {
    const { file } = writeOriginal();
    writeIniSetting(file, 'general', 'clientport', 5000);
    expect(readFileSync(file, 'utf8')).toBe(
      ORIGINAL.replace('ClientPort = 49696', 'ClientPort = 5000'),
    );
  });

  it('writes a backup of the old file first, named with the time', () => {
    const { dir, file } = writeOriginal();
    const backup = writeIniSetting(file, 'General', 'DebugLog', 1, {
      now: NOON,
    });
    expect(backup).toBe(`${file}.bak-20261204-123005`);
    expect(readFileSync(backup, 'utf8')).toBe(ORIGINAL);
    expect(readdirSync(dir).sort()).toEqual([
      'serverconfig.ini',
      'serverconfig.ini.bak-20261204-123005',
    ]);
  });

  it('gives a second backup in the same second its own name', () => {
    const { file } = writeOriginal();
    const first = writeIniSetting(file, 'General', 'DebugLog', 1, {
      now: NOON,
    });
    const second = writeIniSetting(file, 'General', 'DebugLog', 2, {
      now: NOON,
    });
    expect(second).toBe(`${first}-2`);
    expect(readFileSync(first, 'utf8')).toContain('DebugLog=0');
    expect(readFileSync(second, 'utf8')).toContain('DebugLog=1');
  });

  it('adds a missing key at the end of its section', () => {
    const { file } = writeOriginal();
    writeIniSetting(file, 'General', 'AdminPort', 6000);
    expect(readFileSync(file, 'utf8')).toContain(
      'DebugLog=0\nAdminPort=6000\n\n[Tls]',
    );
  });

  it('adds a missing section at the end of the file', () => {
    const { file } = writeOriginal();
    writeIniSetting(file, 'Network', 'BindAddress', '127.0.0.1');
    expect(readFileSync(file, 'utf8')).toBe(
      `${ORIGINAL.trimEnd()}\n\n[Network]\nBindAddress=127.0.0.1\n`,
    );
  });

  it('keeps CRLF line endings and quotes values whose spaces matter', () => {
    const { file } = writeOriginal(ORIGINAL.replaceAll('\n', '\r\n'));
    writeIniSetting(file, 'Tls', 'PfxPassword', ' padded ');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('PfxPassword=" padded "\r\n');
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('produces a file that loads back with the new value', () => {
    const { dir, file } = writeOriginal();
    writeIniSetting(
      file,
      'DicomNetwork',
      'RemoteDicomNodes\\1\\Address',
      'pacs',
    );
    writeIniSetting(
      file,
      'DicomNetwork',
      'RemoteDicomNodes\\1\\AETitle',
      'PACS',
    );
    writeIniSetting(file, 'General', 'DebugLog', 2);
    const config = loadIniFile(serverConfigSchema, dir);
    expect(config.general.debugLog).toBe(2);
    expect(config.tls.pfxPassword).toBe('a;b');
    expect(config.dicomNetwork.remoteDicomNodes[0]).toMatchObject({
      address: 'pacs',
      aeTitle: 'PACS',
    });
  });

  it('refuses a value the schema rejects and leaves the file and folder alone', () => {
    const { dir, file } = writeOriginal();
    const error = catchConfigError(() =>
      writeIniSetting(file, 'General', 'ClientPort', 70000, {
        schema: serverConfigSchema,
      }),
    );
    expect(error.message).toBe(
      `${file}: [General] ClientPort: expected a port 1-65535, found "70000" (line 4)`,
    );
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
    expect(readdirSync(dir)).toEqual(['serverconfig.ini']);
  });

  it('refuses a value with a line break', () => {
    const { file } = writeOriginal();
    const error = catchConfigError(() =>
      writeIniSetting(file, 'General', 'DebugLog', '1\n[Evil]'),
    );
    expect(error.code).toBe('CFG_INVALID_VALUE');
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
  });

  it('refuses to change a file that does not exist', () => {
    const error = catchConfigError(() =>
      writeIniSetting(join(makeTempDir(), 'missing.ini'), 'A', 'k', 1),
    );
    expect(error.code).toBe('CFG_READ_FAILED');
  });
});
