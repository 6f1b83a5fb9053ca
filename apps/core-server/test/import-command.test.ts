import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImportCommand } from '../src/import/import-command.js';
import {
  findOrdinaryUser,
  runCliAs,
  shareFolder,
} from './support/ordinary-user.js';
import { makeSyntheticInstance } from './support/synthetic-dicom.js';
import { cleanUp, makeTempDir, sunnybrookDir } from './support/temp-core.js';

function captureStreams() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    streams: {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text), isTTY: false },
    },
  };
}

function lastLine(chunks: string[]): string | undefined {
  return chunks.join('').trimEnd().split('\n').at(-1);
}

describe('runImportCommand', () => {
  afterEach(cleanUp);

  it('ends with the summary line and exit code 0', async () => {
    const dataDir = makeTempDir();
    const source = makeTempDir();
    writeFileSync(join(source, 'notes.txt'), 'not an image');
    const { out, err, streams } = captureStreams();

    const code = await runImportCommand(
      [sunnybrookDir(), source],
      streams,
      dataDir,
    );

    expect(code).toBe(0);
    // The Sunnybrook folder holds a reference PNG beside each file.
    expect(lastLine(out)).toBe(
      'imported 240, already present 0, quarantined 0, not DICOM 241',
    );
    expect(err.join('')).toBe('');
  });

  it('reports everything as already present the second time', async () => {
    const dataDir = makeTempDir();
    const { streams } = captureStreams();
    await runImportCommand([sunnybrookDir()], streams, dataDir);
    const again = captureStreams();

    await runImportCommand([sunnybrookDir()], again.streams, dataDir);

    expect(lastLine(again.out)).toBe(
      'imported 0, already present 240, quarantined 0, not DICOM 240',
    );
  });

  it('resolves relative paths against the folder the user ran it from', async () => {
    const dataDir = makeTempDir();
    const userFolder = makeTempDir();
    const { out, streams } = captureStreams();
    const saved = process.env.INIT_CWD;
    process.env.INIT_CWD = userFolder;
    try {
      const code = await runImportCommand(
        [join(relative(userFolder, sunnybrookDir()), '1.dcm')],
        streams,
        dataDir,
      );
      expect(code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = saved;
    }
    expect(lastLine(out)).toBe(
      'imported 1, already present 0, quarantined 0, not DICOM 0',
    );
  });

  it('draws a progress bar on stderr only when it is a terminal', async () => {
    const dataDir = makeTempDir();
    const { out, err, streams } = captureStreams();
    const terminal = {
      ...streams,
      stderr: { ...streams.stderr, isTTY: true, columns: 80 },
    };

    await runImportCommand([sunnybrookDir()], terminal, dataDir);

    // 240 DICOM files and their 240 reference PNGs.
    expect(err.join('')).toContain('480/480');
    expect(out.join('')).not.toContain('\r');
  });

  it('says where quarantined files went', async () => {
    const dataDir = makeTempDir();
    const source = makeTempDir();
    writeFileSync(join(source, 'broken.dcm'), 'not DICOM at all');
    const { out, err, streams } = captureStreams();

    const code = await runImportCommand([source], streams, dataDir);

    expect(code).toBe(0);
    expect(lastLine(out)).toBe(
      'imported 0, already present 0, quarantined 1, not DICOM 0',
    );
    expect(err.join('')).toContain(join(dataDir, 'quarantine'));
  });

  it('warns on stderr that an empty serverconfig.ini means the defaults', async () => {
    const dataDir = makeTempDir();
    const file = join(dataDir, 'serverconfig.ini');
    writeFileSync(file, '');
    const { err, streams } = captureStreams();

    const code = await runImportCommand(
      [join(sunnybrookDir(), '1.dcm')],
      streams,
      dataDir,
    );

    expect(code).toBe(0);
    expect(err.join('')).toBe(
      `atrium import: WARNING: ${file}: the file is empty, so every setting takes its default\n`,
    );
  });

  it('names a missing path and exits with 1', async () => {
    const { out, err, streams } = captureStreams();
    const missing = join(makeTempDir(), 'nowhere');

    const code = await runImportCommand([missing], streams, makeTempDir());

    expect(code).toBe(1);
    expect(err.join('')).toContain(missing);
    expect(out.join('')).toBe('');
  });

  it('prints the usage and exits with 2 without paths', async () => {
    const { err, streams } = captureStreams();
    expect(await runImportCommand([], streams, makeTempDir())).toBe(2);
    expect(err.join('')).toMatch(/usage: npm run import/);
  });

  it('goes on past a folder it may not read, logs it at ERROR and exits with 1', async () => {
    const user = findOrdinaryUser();
    const source = makeTempDir();
    const dataDir = makeTempDir();
    for (const name of ['open', 'locked']) {
      mkdirSync(join(source, name));
      writeFileSync(
        join(source, name, 'a.dcm'),
        makeSyntheticInstance({
          sopInstanceUid: `1.2.3.${name.length}`,
          studyUid: '1.2.3',
          seriesUid: '1.2.3.1',
        }),
      );
    }
    shareFolder(source, user, false);
    shareFolder(join(source, 'open'), user, false);
    shareFolder(dataDir, user, true);
    const locked = join(source, 'locked');
    chmodSync(locked, 0o000);

    let result;
    try {
      result = await runCliAs(
        ['import', source],
        { ATRIUM_DATA: dataDir },
        user,
      );
    } finally {
      chmodSync(locked, 0o700);
    }

    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      'imported 1, already present 0, quarantined 0, not DICOM 0\n',
    );
    expect(result.stderr).toContain(
      `atrium import: 1 folder(s) or link(s) could not be read and were left out`,
    );
    expect(result.stderr).toContain(`  ${locked}: EACCES: permission denied`);
    const log = readFileSync(
      join(dataDir, 'ServerLogs', 'core-import.log'),
      'utf8',
    );
    const entry = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.source === locked);
    expect(entry).toMatchObject({
      level: 'ERROR',
      msg: 'Import could not read a folder or path',
      reason: 'EACCES: permission denied',
    });
  });

  it('names a FIFO given to it, imports the rest and exits with 1', async () => {
    const dataDir = makeTempDir();
    const source = makeTempDir();
    const pipe = join(source, 'pipe.dcm');
    execFileSync('mkfifo', [pipe]);
    const file = join(source, 'a.dcm');
    writeFileSync(
      file,
      makeSyntheticInstance({
        sopInstanceUid: '1.2.3.4',
        studyUid: '1.2.3',
        seriesUid: '1.2.3.1',
      }),
    );
    const { out, err, streams } = captureStreams();

    const code = await runImportCommand([pipe, file], streams, dataDir);

    expect(code).toBe(1);
    expect(err.join('')).toContain(
      `atrium import: ${pipe} is a FIFO (named pipe), not a file or folder; not imported`,
    );
    expect(lastLine(out)).toBe(
      'imported 1, already present 0, quarantined 0, not DICOM 0',
    );
  });

  it('counts and lists special entries found in a folder but still exits with 0', async () => {
    const dataDir = makeTempDir();
    const source = makeTempDir();
    execFileSync('mkfifo', [join(source, 'pipe.dcm')]);
    const { out, err, streams } = captureStreams();

    const code = await runImportCommand([source], streams, dataDir);

    expect(code).toBe(0);
    expect(err.join('')).toContain(
      'atrium import: skipped 1 entry that is no regular file or folder',
    );
    expect(err.join('')).toContain(`  ${join(source, 'pipe.dcm')}: a FIFO`);
    expect(lastLine(out)).toBe(
      'imported 0, already present 0, quarantined 0, not DICOM 0',
    );
  });
});
