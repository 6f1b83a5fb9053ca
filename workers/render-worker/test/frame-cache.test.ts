import { describe, expect, it } from 'vitest';
import type { FrameFacts, PixelFrame } from '@atrium/protocol';
import { FrameCache } from '../src/frame-cache.js';

function frameOf(bytes: number): PixelFrame {
  return { facts: {} as FrameFacts, samples: new Uint8Array(bytes) };
}

const bytesOf = (frame: PixelFrame) => frame.samples.byteLength;

describe('the frame cache', () => {
  it('stays within its byte budget by dropping the least recently used', () => {
    const cache = new FrameCache(300, bytesOf);
    cache.set('a', frameOf(100));
    cache.set('b', frameOf(100));
    cache.set('c', frameOf(100));
    cache.get('a');
    cache.set('d', frameOf(100));

    expect(cache.bytes).toBe(300);
    expect(['a', 'b', 'c', 'd'].map((k) => cache.has(k))).toEqual([
      true,
      false,
      true,
      true,
    ]);
  });

  it('does not keep a frame larger than the whole budget', () => {
    const cache = new FrameCache(100, bytesOf);
    cache.set('big', frameOf(101));

    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('counts a replaced frame once', () => {
    const cache = new FrameCache(1000, bytesOf);
    cache.set('a', frameOf(100));
    cache.set('a', frameOf(200));

    expect(cache.bytes).toBe(200);
  });
});
