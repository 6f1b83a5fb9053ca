import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  makeSafeName,
  makeStoredPath,
  writeFileAtomically,
} from '../src/import/image-store.js';
import { cleanUp, makeTempDir } from './support/temp-core.js';

describe('makeSafeName', () => {
  it('keeps a plain UID as it is', () => {
    const uid = '2.16.124.113543.6006.99.08980635789900778171';
    expect(makeSafeName(uid)).toBe(uid);
  });

  it('never yields a name that climbs out of its folder', () => {
    for (const value of ['..', '.', '../etc', 'a/b', 'a\\b', '', ' ']) {
      const name = makeSafeName(value);
      expect(name, value).toMatch(/^[0-9A-Za-z][0-9A-Za-z._-]*$/);
    }
  });

  it('shortens long values and keeps different values apart', () => {
    const a = `1.${'2'.repeat(100)}`;
    const b = `1.${'2'.repeat(99)}3`;
    expect(makeSafeName(a).length).toBeLessThanOrEqual(64);
    expect(makeSafeName(a)).not.toBe(makeSafeName(b));
  });

  it('keeps values apart that differ only in unsafe characters', () => {
    expect(makeSafeName('1.2 3')).not.toBe(makeSafeName('1.2/3'));
  });
});

describe('makeStoredPath', () => {
  it('lays out files by study, then series, then instance', () => {
    expect(makeStoredPath('/store', '1.1', '1.1.2', '1.1.2.3')).toBe(
      join('/store', '1.1', '1.1.2', '1.1.2.3.dcm'),
    );
  });
});

describe('writeFileAtomically', () => {
  afterEach(cleanUp);

  it('creates the folders and leaves only the finished file', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'a', 'b', 'x.dcm');

    await writeFileAtomically(path, new Uint8Array([1, 2, 3]));

    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['x.dcm']);
  });
});
