import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { repositoryRoot, testdataDir, testdataPath } from '../src/index.js';

describe('testdataDir', () => {
  const saved = process.env.ATRIUM_TESTDATA;
  afterEach(() => {
    if (saved === undefined) delete process.env.ATRIUM_TESTDATA;
    else process.env.ATRIUM_TESTDATA = saved;
  });

  it('defaults to the shared folder beside the repository', () => {
    delete process.env.ATRIUM_TESTDATA;
    expect(testdataDir()).toBe(
      join(repositoryRoot(), '..', 'shared', 'testdata'),
    );
    expect(existsSync(join(repositoryRoot(), 'package.json'))).toBe(true);
  });

  it('follows ATRIUM_TESTDATA when it is set', () => {
    process.env.ATRIUM_TESTDATA = '/tmp/elsewhere';
    expect(testdataDir()).toBe('/tmp/elsewhere');
    expect(testdataPath('ts/a.dcm')).toBe('/tmp/elsewhere/ts/a.dcm');
  });
});
