import { execFileSync } from 'node:child_process';
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

function makeFifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

describe('collectFiles', () => {
  afterEach(cleanUp);

  it('lists files recursively in natural name order', async () => {
    const root = makeTree();
    const { files, problems } = await collectFiles([root]);
    expect(files).toEqual(
      ['1.dcm', '2.dcm', '10.dcm', 'b/deep/x.dcm'].map((n) => join(root, n)),
    );
    expect(problems).toEqual([]);
  });

  it('takes files given directly as they are', async () => {
    const root = makeTree();
    const { files } = await collectFiles([
      join(root, '10.dcm'),
      join(root, '1.dcm'),
    ]);
    expect(files).toEqual([join(root, '10.dcm'), join(root, '1.dcm')]);
  });

  it('visits a folder once even when a link loops back to it, and reports the loop', async () => {
    const root = makeTree();
    symlinkSync(root, join(root, 'b', 'loop'));
    const { files, problems } = await collectFiles([root]);
    expect(files).toHaveLength(4);
    expect(problems).toEqual([
      {
        path: join(root, 'b', 'loop'),
        kind: 'skipped',
        reason:
          'a symbolic link loop (it leads back to a folder that contains it)',
        given: false,
      },
    ]);
  });

  it('walks a folder linked from elsewhere once, without calling it a loop', async () => {
    const root = makeTree();
    mkdirSync(join(root, 'links'));
    symlinkSync(join(root, 'b'), join(root, 'links', 'to-b'));
    const { files, problems } = await collectFiles([root]);
    expect(files).toHaveLength(4);
    expect(problems).toEqual([]);
  });

  it('reports FIFOs, links to missing targets and link loops found in a walk, and goes on', async () => {
    const root = makeTree();
    makeFifo(join(root, 'pipe.dcm'));
    symlinkSync('/nonexistent/target', join(root, 'dangling.dcm'));
    symlinkSync('self2', join(root, 'self1'));
    symlinkSync('self1', join(root, 'self2'));

    const { files, problems } = await collectFiles([root]);

    expect(files).toHaveLength(4);
    expect(problems).toEqual([
      {
        path: join(root, 'dangling.dcm'),
        kind: 'skipped',
        reason: 'a symbolic link to a missing target',
        given: false,
      },
      {
        path: join(root, 'pipe.dcm'),
        kind: 'skipped',
        reason: 'a FIFO (named pipe), not a file or folder',
        given: false,
      },
      {
        path: join(root, 'self1'),
        kind: 'skipped',
        reason: 'a symbolic link loop',
        given: false,
      },
      {
        path: join(root, 'self2'),
        kind: 'skipped',
        reason: 'a symbolic link loop',
        given: false,
      },
    ]);
  });

  it('reports a FIFO given by name as given and still lists the other paths', async () => {
    const root = makeTree();
    const pipe = makeFifo(join(makeTempDir(), 'pipe.dcm'));
    const { files, problems } = await collectFiles([pipe, root]);
    expect(files).toHaveLength(4);
    expect(problems).toEqual([
      {
        path: pipe,
        kind: 'skipped',
        reason: 'a FIFO (named pipe), not a file or folder',
        given: true,
      },
    ]);
  });

  it('leaves out the folders it is told to skip', async () => {
    const root = makeTree();
    const { files } = await collectFiles([root], [join(root, 'b')]);
    expect(files).toHaveLength(3);
  });

  it('names a path that does not exist', async () => {
    const missing = join(makeTempDir(), 'gone');
    await expect(collectFiles([missing])).rejects.toMatchObject({
      code: 'CORE_IMPORT_PATH_MISSING',
      message: `The path to import does not exist: ${missing}`,
    });
  });

  it('calls a given symbolic link loop a loop, not a missing path', async () => {
    const root = makeTempDir();
    symlinkSync('self2', join(root, 'self1'));
    symlinkSync('self1', join(root, 'self2'));
    await expect(collectFiles([join(root, 'self1')])).rejects.toMatchObject({
      code: 'CORE_IMPORT_PATH_MISSING',
      message: `The path to import is a symbolic link loop: ${join(root, 'self1')}`,
    });
  });

  it('says a given link points to a missing target', async () => {
    const link = join(makeTempDir(), 'dangling.dcm');
    symlinkSync('/nonexistent/target', link);
    await expect(collectFiles([link])).rejects.toMatchObject({
      message: `The path to import is a symbolic link to a missing target: ${link}`,
    });
  });
});
