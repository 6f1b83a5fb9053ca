import { describe, expect, it } from 'vitest';

import { parseRenderArguments } from '../src/cli-args.js';

describe('parseRenderArguments', () => {
  it('resolves relative paths against the folder the user ran the command from', () => {
    expect(
      parseRenderArguments(['in.dcm', '--out', 'out/x.png'], '/home/user'),
    ).toEqual({
      input: '/home/user/in.dcm',
      output: '/home/user/out/x.png',
      frameIndex: 0,
      window: undefined,
    });
  });

  it('counts frames from 1 like dcm2pnm and reads the window as centre,width', () => {
    const command = parseRenderArguments(
      ['/a.dcm', '--frame', '16', '--window', '-600,1500', '--out', '/b.png'],
      '/x',
    );
    expect(command.frameIndex).toBe(15);
    expect(command.window).toEqual({ center: -600, width: 1500 });
  });

  it('rejects missing or bad arguments with DCM_BAD_ARGUMENT', () => {
    const bad = (args: string[]) => () => parseRenderArguments(args, '/x');
    expect(bad(['a.dcm'])).toThrow(
      expect.objectContaining({
        code: 'DCM_BAD_ARGUMENT',
        message: expect.stringMatching(/--out/),
      }),
    );
    expect(bad(['a.dcm', '--out', 'b.png', '--frame', '0'])).toThrow(
      expect.objectContaining({ code: 'DCM_BAD_ARGUMENT' }),
    );
    expect(bad(['a.dcm', '--out', 'b.png', '--window', '40'])).toThrow(
      expect.objectContaining({ code: 'DCM_BAD_ARGUMENT' }),
    );
    expect(bad(['a.dcm', '--out', 'b.png', '--window', '40,0'])).toThrow(
      expect.objectContaining({ code: 'DCM_BAD_ARGUMENT' }),
    );
    expect(bad(['--out', 'b.png'])).toThrow(
      expect.objectContaining({ code: 'DCM_BAD_ARGUMENT' }),
    );
    expect(bad(['a.dcm', '--out', 'b.png', '--bogus'])).toThrow(
      expect.objectContaining({ code: 'DCM_BAD_ARGUMENT' }),
    );
  });
});
