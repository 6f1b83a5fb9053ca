import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameErrorEvent, WebAck } from '@atrium/protocol';
import { hasTestdata } from '@atrium/testdata';
import { MAX_FRAMES_PER_EVENT } from '../server/browser-input.js';
import {
  buildProcesses,
  startHarness,
  type BrowserSocket,
  type Harness,
} from './server-harness.js';

// Malformed `frames` events from a browser: each gets WEB_BAD_REQUEST with
// its reason, and none stops the service the other sessions share. No
// Worker Manager runs: the service answers these before any worker would.

let harness: Harness;
let socket: BrowserSocket;

beforeAll(async () => {
  if (!hasTestdata()) return;
  buildProcesses();
  harness = await startHarness();
  socket = await harness.connect(await harness.login());
}, 180_000);

afterAll(async () => harness?.stop(), 60_000);

/** Sends a `frames` event as any browser could, answer or not. */
function sendFrames(params: unknown): Promise<WebAck<null>> {
  return new Promise((resolve) =>
    (socket.emit as (...args: unknown[]) => void)('frames', params, resolve),
  );
}

/** Collects the frame-error events that arrive meanwhile. */
function collectFrameErrors(): { events: FrameErrorEvent[]; stop(): void } {
  const events: FrameErrorEvent[] = [];
  const listener = (event: FrameErrorEvent) => events.push(event);
  socket.on('frame-error', listener);
  return { events, stop: () => socket.off('frame-error', listener) };
}

describe.runIf(hasTestdata())('a malformed frames event', () => {
  it('is answered WEB_BAD_REQUEST naming the field, through the acknowledgement and for each id it names', async () => {
    const errors = collectFrameErrors();
    const answer = await sendFrames({
      requests: [
        { requestId: 5, sopInstanceUid: '1.2.3', frameIndex: 0, kind: 'x' },
        { requestId: 6, sopInstanceUid: '1.2.3', frameIndex: 0, kind: 'pixel' },
      ],
    });
    errors.stop();

    const refusal = {
      code: 'WEB_BAD_REQUEST',
      message: "frames.requests[0].kind must be 'pixel' or 'rendered'",
    };
    expect(answer).toEqual({ ok: false, error: refusal });
    // The frame-errors were sent before the acknowledgement, in order.
    expect(errors.events).toEqual([
      { requestId: 5, error: refusal },
      { requestId: 6, error: refusal },
    ]);
  });

  it('is answered for any shape at all, and the service carries on', async () => {
    const hostile: [unknown, RegExp][] = [
      [null, /requests must be an array/],
      [42, /requests must be an array/],
      ['frames', /requests must be an array/],
      [{ requests: { length: 3 } }, /requests must be an array/],
      [{ requests: [[[[]]]] }, /requests\[0\]\.requestId/],
      [{ requests: [null] }, /requests\[0\]\.requestId/],
      [
        {
          requests: [
            {
              requestId: 1,
              sopInstanceUid: '1',
              frameIndex: 0,
              kind: 'rendered',
              render: 'webp',
            },
          ],
        },
        /render\.format/,
      ],
      [
        {
          requests: Array.from(
            { length: MAX_FRAMES_PER_EVENT + 1 },
            () => ({}),
          ),
        },
        /at most 512/,
      ],
    ];
    for (const [params, reason] of hostile) {
      const answer = await sendFrames(params);
      expect(answer).toMatchObject({
        ok: false,
        error: {
          code: 'WEB_BAD_REQUEST',
          message: expect.stringMatching(reason),
        },
      });
    }

    // Still up, and this browser's socket still takes good requests.
    expect(socket.connected).toBe(true);
    expect(await harness.health()).toMatchObject({ sessions: 1 });
    const good = await sendFrames({
      requests: [
        { requestId: 9, sopInstanceUid: '1.2.3', frameIndex: 0, kind: 'pixel' },
      ],
    });
    expect(good).toEqual({ ok: true, result: null });
  });
});
