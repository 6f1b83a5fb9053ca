import {
  mkdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIniFile, readIniText } from '../src/load-ini.js';
import { serverConfigSchema } from '../src/schemas/server-config.js';
import { catchConfigError, makeTempDir } from './helpers.js';

describe('loadIniFile', () => {
  it('writes a missing file with every key and a comment above each', () => {
    const dataDir = join(makeTempDir(), 'fresh', 'data');
    const config = loadIniFile(serverConfigSchema, dataDir);

    expect(config.created).toBe(true);
    expect(config.file).toBe(join(dataDir, 'serverconfig.ini'));
    const lines = readFileSync(config.file, 'utf8').split('\n');
    for (const section of Object.values(serverConfigSchema.sections)) {
      expect(lines).toContain(`[${section.name}]`);
      for (const field of Object.values(section.fields)) {
        const index = lines.findIndex((l) => l.startsWith(`${field.key}=`));
        expect(index, field.key).toBeGreaterThan(0);
        expect(lines[index - 1], field.key).toMatch(/^; .+\[.+; default .+\]$/);
      }
    }
  });

  it('loads a first-run file to exactly the defaults', () => {
    const dataDir = makeTempDir();
    const loaded = loadIniFile(serverConfigSchema, dataDir);
    const {
      file: _file,
      created: _created,
      warnings: _warnings,
      ...values
    } = loaded;
    expect(values).toEqual(
      readIniText(serverConfigSchema, '', 'x.ini', dataDir),
    );
  });

  it('documents list entries in comments only', () => {
    const dataDir = makeTempDir();
    const config = loadIniFile(serverConfigSchema, dataDir);
    const text = readFileSync(config.file, 'utf8');
    expect(text).toContain(
      '; RemoteDicomNodes\\N\\AETitle: AE title of the node (required).',
    );
    expect(config.dicomNetwork.remoteDicomNodes).toEqual([]);
  });

  it('writes first-run values instead of defaults, by key or Section.Key', () => {
    const dataDir = makeTempDir();
    const config = loadIniFile(serverConfigSchema, dataDir, {
      firstRun: { localpacsport: 11112, 'General.DebugLog': 1 },
    });
    expect(config.dicomNetwork.localPacsPort).toBe(11112);
    expect(config.general.debugLog).toBe(1);
    expect(readFileSync(config.file, 'utf8')).toContain(
      '\nLocalPacsPort=11112\n',
    );
  });

  it('rejects a first-run value for a key the file does not have', () => {
    const error = catchConfigError(() =>
      loadIniFile(serverConfigSchema, makeTempDir(), {
        firstRun: { NoSuchKey: 1 },
      }),
    );
    expect(error.code).toBe('CFG_UNKNOWN_KEY');
    expect(error.message).toBe(
      'serverconfig.ini: first-run value NoSuchKey: expected a key of serverconfig.ini, found an unknown key',
    );
  });

  it('never rewrites an existing file, even one without most keys', () => {
    const dataDir = makeTempDir();
    const file = join(dataDir, 'serverconfig.ini');
    const text = '; mine\n[General]\nClientPort=5000\n';
    writeFileSync(file, text);
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(file, past, past);

    const config = loadIniFile(serverConfigSchema, dataDir, {
      firstRun: { LocalPacsPort: 11112 },
    });
    expect(config.created).toBe(false);
    expect(config.general.clientPort).toBe(5000);
    expect(config.dicomNetwork.localPacsPort).toBe(104);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(statSync(file).mtime).toEqual(past);
  });

  it('stops on a bad existing file without touching it', () => {
    const dataDir = makeTempDir();
    const file = join(dataDir, 'serverconfig.ini');
    writeFileSync(file, '[General]\nClientPort=70000\n');
    const error = catchConfigError(() =>
      loadIniFile(serverConfigSchema, dataDir),
    );
    expect(error.message).toBe(
      `${file}: [General] ClientPort: expected a port 1-65535, found "70000" (line 2)`,
    );
    expect(readFileSync(file, 'utf8')).toBe('[General]\nClientPort=70000\n');
  });

  it('reports an unreadable path as a read failure naming the file', () => {
    const dataDir = makeTempDir();
    // A folder where the file should be can be neither written nor read.
    const file = join(dataDir, 'serverconfig.ini');
    mkdirSync(file);
    const error = catchConfigError(() =>
      loadIniFile(serverConfigSchema, dataDir),
    );
    expect(error.code).toBe('CFG_READ_FAILED');
    expect(error.message).toContain(file);
  });

  it('loads an empty file as all defaults, with a warning that says so', () => {
    const dataDir = makeTempDir();
    writeFileSync(join(dataDir, 'serverconfig.ini'), '');
    const config = loadIniFile(serverConfigSchema, dataDir);
    expect(config.general.clientPort).toBe(49696);
    expect(config.warnings).toEqual([
      `${join(dataDir, 'serverconfig.ini')}: the file is empty, so every setting takes its default`,
    ]);
  });

  it('gives no warning for a file of comments or for a first-run file', () => {
    const dataDir = makeTempDir();
    expect(loadIniFile(serverConfigSchema, dataDir).warnings).toEqual([]);
    writeFileSync(join(dataDir, 'serverconfig.ini'), '; all defaults\n');
    expect(loadIniFile(serverConfigSchema, dataDir).warnings).toEqual([]);
  });

  it('says in one short line that a binary file is not text', () => {
    const dataDir = makeTempDir();
    const file = join(dataDir, 'serverconfig.ini');
    const binary = Buffer.alloc(3000);
    for (let index = 0; index < binary.byteLength; index += 1) {
      binary[index] = (index * 7919 + 13) % 256;
    }
    writeFileSync(file, binary);
    const error = catchConfigError(() =>
      loadIniFile(serverConfigSchema, dataDir),
    );
    expect(error.code).toBe('CFG_NOT_TEXT');
    expect(error.message).toMatch(
      /^\S+serverconfig\.ini: expected a UTF-8 text file of \[Section\] headers and key=value lines, found binary data \(a NUL byte at byte \d+\)$/,
    );
    expect(error.message.length).toBeLessThan(200);
  });

  it('names UTF-16 text as such', () => {
    const dataDir = makeTempDir();
    const file = join(dataDir, 'serverconfig.ini');
    writeFileSync(file, Buffer.from('\uFEFF[General]\r\n', 'utf16le'));
    const error = catchConfigError(() =>
      loadIniFile(serverConfigSchema, dataDir),
    );
    expect(error.message).toBe(
      `${file}: expected a UTF-8 text file of [Section] headers and key=value lines, found UTF-16 text; save it as UTF-8`,
    );
  });
});
