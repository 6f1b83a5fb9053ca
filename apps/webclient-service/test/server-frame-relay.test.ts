import { describe, expect, it } from 'vitest';
import {
  encodePixelFrame,
  readWebFrameRequestId,
  type FrameFacts,
  type FrameRequest,
  type WireError,
} from '@atrium/protocol';
import { FrameRelay, type FrameSink } from '../server/frame-relay.js';

function sink() {
  const frames: number[] = [];
  const errors: Array<{ id: number; error: WireError }> = [];
  const target: FrameSink = {
    emitFrame: (bytes) => frames.push(readWebFrameRequestId(bytes)),
    emitFrameError: (id, error) => errors.push({ id, error }),
  };
  return { target, frames, errors };
}

const request = (requestId: number): FrameRequest => ({
  requestId,
  sopInstanceUid: '1.2',
  frameIndex: 0,
  kind: 'pixel',
});

function frameFor(id: number): Buffer {
  return Buffer.from(encodePixelFrame(id, {} as FrameFacts, new Uint8Array(4)));
}

describe('the frame relay', () => {
  it('gives two tabs using the same request id separate ids for the worker', () => {
    const relay = new FrameRelay();
    const a = sink();
    const b = sink();
    const [forA] = relay.add(a.target, [request(1)]);
    const [forB] = relay.add(b.target, [request(1)]);

    expect(forA!.requestId).not.toBe(forB!.requestId);
    relay.deliverFrame(frameFor(forB!.requestId));
    relay.deliverFrame(frameFor(forA!.requestId));
    expect(a.frames).toEqual([1]);
    expect(b.frames).toEqual([1]);
  });

  it('hands every unanswered request to a replacement worker', () => {
    const relay = new FrameRelay();
    const a = sink();
    const sent = relay.add(a.target, [request(1), request(2), request(3)]);
    relay.deliverFrame(frameFor(sent[1]!.requestId));

    expect(relay.all().map((r) => r.requestId)).toEqual([
      sent[0]!.requestId,
      sent[2]!.requestId,
    ]);
  });

  it('forgets cancelled requests and those of a browser that left', () => {
    const relay = new FrameRelay();
    const a = sink();
    const b = sink();
    const sentA = relay.add(a.target, [request(1), request(2)]);
    relay.add(b.target, [request(7)]);

    expect(relay.cancel(a.target, [2])).toEqual([sentA[1]!.requestId]);
    expect(relay.drop(b.target)).toHaveLength(1);
    expect(relay.size).toBe(1);
    expect(relay.deliverFrame(frameFor(sentA[1]!.requestId))).toBe(false);
  });

  it('passes a worker’s failure back under the browser’s id', () => {
    const relay = new FrameRelay();
    const a = sink();
    const [sent] = relay.add(a.target, [request(42)]);
    relay.deliverError(sent!.requestId, {
      code: 'CORE_FRAME_UNDECODABLE',
      message: 'x',
    });

    expect(a.errors).toEqual([
      { id: 42, error: { code: 'CORE_FRAME_UNDECODABLE', message: 'x' } },
    ]);
  });

  it('answers requests past the socket’s and the session’s limits as busy', () => {
    const relay = new FrameRelay({ perSocket: 3, perSession: 4 });
    const a = sink();
    const b = sink();
    const sentA = relay.add(a.target, [1, 2, 3, 4, 5].map(request));
    const sentB = relay.add(b.target, [1, 2].map(request));

    expect(sentA).toHaveLength(3);
    expect(sentB).toHaveLength(1);
    expect(relay.size).toBe(4);
    expect(a.errors.map((e) => [e.id, e.error.code])).toEqual([
      [4, 'WEB_TOO_MANY_REQUESTS'],
      [5, 'WEB_TOO_MANY_REQUESTS'],
    ]);
    expect(b.errors.map((e) => e.id)).toEqual([2]);

    relay.deliverFrame(frameFor(sentA[0]!.requestId));
    expect(relay.add(b.target, [request(2)])).toHaveLength(1);
  });
});
