import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImportCommand } from '../src/import/import-command.js';
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
});
