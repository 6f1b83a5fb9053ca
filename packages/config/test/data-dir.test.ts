import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  findRepositoryRoot,
  resolveDataDir,
  resolveUserPath,
} from '../src/data-dir.js';
import { catchConfigError, makeTempDir } from './helpers.js';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('resolveDataDir', () => {
  it('uses data/ at the repository root when ATRIUM_DATA is not set', () => {
    expect(resolveDataDir({})).toBe(join(REPO_ROOT, 'data'));
  });

  it('never picks the package folder it runs from', () => {
    expect(
      resolveDataDir({ INIT_CWD: join(REPO_ROOT, 'packages/config') }),
    ).toBe(join(REPO_ROOT, 'data'));
  });

  it('resolves a relative ATRIUM_DATA against the folder the user ran from', () => {
    expect(
      resolveDataDir({ ATRIUM_DATA: 'my-data', INIT_CWD: '/home/ana' }),
    ).toBe('/home/ana/my-data');
    expect(resolveDataDir({ ATRIUM_DATA: '/srv/atrium', INIT_CWD: '/x' })).toBe(
      '/srv/atrium',
    );
  });

  it('ignores an empty ATRIUM_DATA', () => {
    expect(resolveDataDir({ ATRIUM_DATA: '' })).toBe(join(REPO_ROOT, 'data'));
  });

  it('refuses an ATRIUM_DATA of only whitespace, naming the variable', () => {
    const error = catchConfigError(() =>
      resolveDataDir({ ATRIUM_DATA: ' \t ' }),
    );
    expect(error.code).toBe('CFG_ENV_INVALID');
    expect(error.message).toBe(
      'ATRIUM_DATA: expected the path of the data folder, found only whitespace (" \\x09 ")',
    );
  });
});

describe('resolveUserPath', () => {
  it('resolves against INIT_CWD, else the current folder', () => {
    expect(resolveUserPath('a/b', { INIT_CWD: '/home/ana' })).toBe(
      '/home/ana/a/b',
    );
    expect(resolveUserPath('a', {})).toBe(join(process.cwd(), 'a'));
    expect(resolveUserPath('/abs', { INIT_CWD: '/home/ana' })).toBe('/abs');
  });
});

describe('findRepositoryRoot', () => {
  it('finds the folder whose package.json declares workspaces', () => {
    const root = makeTempDir();
    writeFileSync(join(root, 'package.json'), '{"workspaces":["packages/*"]}');
    const inner = join(root, 'packages/config/dist');
    mkdirSync(inner, { recursive: true });
    writeFileSync(join(root, 'packages/config/package.json'), '{"name":"x"}');
    expect(findRepositoryRoot(inner)).toBe(root);
  });

  it('says to set ATRIUM_DATA when there is no repository above', () => {
    const error = catchConfigError(() => findRepositoryRoot('/'));
    expect(error.code).toBe('CFG_DATA_DIR_UNKNOWN');
    expect(error.message).toContain('ATRIUM_DATA: expected it set');
  });
});
