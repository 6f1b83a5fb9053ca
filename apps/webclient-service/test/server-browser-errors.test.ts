import type { WireError } from '@atrium/protocol';
import { describe, expect, it } from 'vitest';
import { toBrowserError } from '../server/browser-errors.js';

describe('errors shown to the browser', () => {
  it('say the image server cannot be reached instead of its address, and log the detail', () => {
    const logged: WireError[] = [];
    const detail: WireError = {
      code: 'CCL_CONNECT_FAILED',
      message:
        'Could not connect to the Core Server at ws://127.0.0.1:49696: connect ECONNREFUSED',
    };
    const shown = toBrowserError(detail, (wire) => logged.push(wire));

    expect(shown).toEqual({
      code: 'WEB_CORE_UNAVAILABLE',
      message: 'The image server cannot be reached; try again in a moment.',
    });
    expect(JSON.stringify(shown)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    expect(logged).toEqual([detail]);
  });

  it('hide the text of an internal failure', () => {
    const shown = toBrowserError(
      {
        code: 'RPC_INTERNAL',
        message: "Cannot read properties of null (reading 'x')",
      },
      () => undefined,
    );
    expect(shown).toEqual({
      code: 'WEB_INTERNAL',
      message: 'The request failed',
    });
  });

  it('pass the Core Server’s own messages on unchanged', () => {
    const wire = { code: 'CORE_STUDY_NOT_FOUND', message: 'No such study' };
    expect(toBrowserError(wire, () => undefined)).toBe(wire);
  });
});
