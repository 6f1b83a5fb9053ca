import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectFiles } from '../src/import/collect-files.js';
import { cleanUp, makeTempDir } from './support/temp-core.js';

function makeTree(): string {
  const root = makeTempDir();
  mkdirSync(join(root, 'b', 'deep'), { recursive: true });
  for (const name of ['10.dcm', '2.dcm', '1.dcm', 'b/deep/x.dcm']) {
    writeFileSync(join(root, name), name);
  }
  return root;
}

describe('collectFiles', () => {
  afterEach(cleanUp);

  it('lists files recursively in natural name order', async () => {
    const root = makeTree();
    const files = await collectFiles([root]);
    expect(files).toEqual(
      ['1.dcm', '2.dcm', '10.dcm', 'b/deep/x.dcm'].map((n) => join(root, n)),
    );
  });

  it('takes files given directly as they are', async () => {
    const root = makeTree();
    const files = await collectFiles([
      join(root, '10.dcm'),
      join(root, '1.dcm'),
    ]);
    expect(files).toEqual([join(root, '10.dcm'), join(root, '1.dcm')]);
  });

  it('visits a folder once even when a link loops back to it', async () => {
    const root = makeTree();
    symlinkSync(root, join(root, 'b', 'loop'));
    const files = await collectFiles([root]);
    expect(files).toHaveLength(4);
  });

  it('leaves out the folders it is told to skip', async () => {
    const root = makeTree();
    const files = await collectFiles([root], [join(root, 'b')]);
    expect(files).toHaveLength(3);
  });

  it('names a path that does not exist', async () => {
    const missing = join(makeTempDir(), 'gone');
    await expect(collectFiles([missing])).rejects.toMatchObject({
      code: 'CORE_IMPORT_PATH_MISSING',
      message: expect.stringContaining(missing),
    });
  });
});
