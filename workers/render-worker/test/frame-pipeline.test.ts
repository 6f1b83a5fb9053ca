import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '@atrium/log';
import {
  decodeWebFrame,
  encodeRenderedFrame,
  type PixelFrame,
  type WebFrame,
  type WireError,
} from '@atrium/protocol';
import { hasTestdata } from '@atrium/testdata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameCache } from '../src/frame-cache.js';
import { FramePipeline, renderedFrameKey } from '../src/frame-pipeline.js';
import { RenderPool } from '../src/render-pool.js';
import { SUNNYBROOK, filePixelSource, readPixelFrame } from './file-frames.js';

function makePipeline(congested?: () => boolean) {
  const sent: WebFrame[] = [];
  const failed: Array<{ requestId: number; error: WireError }> = [];
  const source = filePixelSource();
  const renderedCache = new FrameCache<Uint8Array>(
    8 * 1024 * 1024,
    (b) => b.byteLength,
  );
  const pipeline = new FramePipeline({
    source,
    pool: new RenderPool({ inline: true }),
    cache: new FrameCache<PixelFrame>(
      64 * 1024 * 1024,
      (f) => f.samples.byteLength,
    ),
    renderedCache,
    send: (bytes) => sent.push(decodeWebFrame(bytes)),
    fail: (requestId, error) => failed.push({ requestId, error }),
    congested,
    log: createLogger({
      processName: 'test',
      dir: mkdtempSync(join(tmpdir(), 'wrk-')),
    }),
  });
  const settled = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () =>
        sent.length + failed.length >= count ? resolve() : setTimeout(check, 5);
      check();
    });
  return { pipeline, sent, failed, source, settled, renderedCache };
}

const file = (n: number) => `${SUNNYBROOK}/${n}.dcm`;

describe.runIf(hasTestdata())('the frame pipeline', () => {
  it('sends lossless pixel frames equal to the decoded stored values', async () => {
    const { pipeline, sent, settled } = makePipeline();
    pipeline.request([
      { requestId: 5, sopInstanceUid: file(1), frameIndex: 0, kind: 'pixel' },
    ]);
    await settled(1);

    const expected = await readPixelFrame(file(1));
    const frame = sent[0]!;
    expect(frame.kind === 'pixel' && Array.from(frame.samples)).toEqual(
      Array.from(expected.samples),
    );
    expect(frame.requestId).toBe(5);
  });

  it('fetches a frame once and answers later requests from the cache', async () => {
    const { pipeline, source, settled } = makePipeline();
    pipeline.request([
      { requestId: 1, sopInstanceUid: file(4), frameIndex: 0, kind: 'pixel' },
      {
        requestId: 2,
        sopInstanceUid: file(4),
        frameIndex: 0,
        kind: 'rendered',
        render: { format: 'jpeg' },
      },
    ]);
    await settled(2);
    pipeline.request([
      { requestId: 3, sopInstanceUid: file(4), frameIndex: 0, kind: 'pixel' },
    ]);
    await settled(3);

    expect(source.calls).toBe(1);
  });

  it('reports a frame that cannot be read by its request id', async () => {
    const { pipeline, failed, settled } = makePipeline();
    pipeline.request([
      {
        requestId: 9,
        sopInstanceUid: 'cardiac/missing.dcm',
        frameIndex: 0,
        kind: 'pixel',
      },
    ]);
    await settled(1);

    expect(failed[0]?.requestId).toBe(9);
  });

  it('drops requests cancelled before they were sent', async () => {
    const { pipeline, sent, settled } = makePipeline();
    pipeline.request(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
        requestId: n,
        sopInstanceUid: file(n),
        frameIndex: 0,
        kind: 'pixel' as const,
      })),
    );
    pipeline.cancel([7, 8]);
    await settled(6);
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(sent.map((f) => f.requestId).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('prefetches into the cache without sending anything', async () => {
    const { pipeline, sent, source } = makePipeline();
    pipeline.prefetch(
      [1, 2, 3].map((n) => ({
        sopInstanceUid: file(n),
        frameIndex: 0,
        triggerTime: null,
      })),
    );
    await new Promise<void>((resolve) => {
      const check = () =>
        source.calls >= 3 && pipeline.pending === 0
          ? resolve()
          : setTimeout(check, 5);
      check();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    pipeline.request([
      { requestId: 1, sopInstanceUid: file(2), frameIndex: 0, kind: 'pixel' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(source.calls).toBe(3);
    expect(sent).toHaveLength(1);
  });

  it('answers a rendered request from the rendered cache when it holds it', async () => {
    const { pipeline, sent, settled, renderedCache, source } = makePipeline();
    const render = { format: 'jpeg' as const, quality: 80 };
    const ref = { sopInstanceUid: file(6), frameIndex: 0 };
    const held = encodeRenderedFrame(
      999,
      {
        ...(await readPixelFrame(file(6))).facts,
        format: 'jpeg',
        width: 1,
        height: 1,
        windowCentre: 1,
        windowWidth: 2,
      },
      new Uint8Array([1, 2, 3]),
    );
    renderedCache.set(renderedFrameKey(ref, render), held);
    pipeline.request([{ requestId: 4, ...ref, kind: 'rendered', render }]);
    await settled(1);

    const frame = sent[0]!;
    expect(frame.requestId).toBe(4);
    expect(frame.kind === 'rendered' && Array.from(frame.image)).toEqual([
      1, 2, 3,
    ]);
    expect(source.calls).toBe(1);
  });

  it('starts no work while the link is congested and goes on when resumed', async () => {
    let congested = true;
    const { pipeline, sent, settled, source } = makePipeline(() => congested);
    const fetches = vi.spyOn(source, 'getFrame');
    pipeline.request(
      [1, 2, 3].map((n) => ({
        requestId: n,
        sopInstanceUid: file(n),
        frameIndex: 0,
        kind: 'pixel' as const,
      })),
    );

    expect(fetches).not.toHaveBeenCalled();

    congested = false;
    pipeline.resume();
    await settled(3);
    expect(sent.map((frame) => frame.requestId).sort()).toEqual([1, 2, 3]);
  });
});
