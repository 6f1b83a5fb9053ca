import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { testdataPath } from '@atrium/testdata';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';

const cli = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'src',
  'cli.ts',
);
const workDir = mkdtempSync(join(tmpdir(), 'atrium-render-'));

/** Runs the render command from source, as `npm run render` runs the build. */
function render(args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', cli, 'render', ...args],
    {
      env: { ...process.env, INIT_CWD: workDir },
      encoding: 'utf8',
    },
  );
}

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('render command', () => {
  it('writes the chosen frame (counted from 1) as PNG, relative to INIT_CWD', async () => {
    const result = render([
      testdataPath('cardiac/MR-MONO2-8-16x-heart.dcm'),
      '--frame',
      '16',
      '--window',
      '128,256',
      '--out',
      'last.png',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const png = readFileSync(join(workDir, 'last.png'));
    expect(await sharp(png).metadata()).toMatchObject({
      format: 'png',
      width: 256,
      height: 256,
      channels: 1,
    });
  });

  it('prints one line with the error code and exits non-zero on failure', () => {
    const result = render([
      testdataPath('edge/MR_missing_Rows.dcm'),
      '--out',
      'x.png',
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'render: DCM_MISSING_ATTRIBUTE: Rows (0028,0010) is missing, so the image cannot be decoded',
    ]);
  });

  it('exits 2 with usage when arguments are wrong', () => {
    const result = render([testdataPath('edge/CT_small_signed_rescale.dcm')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^render: DCM_BAD_ARGUMENT: --out/);
  });
});
