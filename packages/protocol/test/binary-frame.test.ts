import { describe, expect, it } from 'vitest';
import {
  BINARY_HEADER_BYTES,
  BinaryFrameError,
  decodeBinaryMessage,
  encodeBinaryMessage,
} from '../src/binary-frame.js';

describe('binary messages', () => {
  it('carry signed 16-bit samples and metadata through a round trip', () => {
    const samples = new Int16Array([-2000, 0, 1, 2402, -1]);
    const bytes = encodeBinaryMessage('pixelFrame', 77, { rows: 1 }, samples);
    const message = decodeBinaryMessage<{ rows: number }>(bytes);

    expect(message.kind).toBe('pixelFrame');
    expect(message.requestId).toBe(77);
    expect(message.sampleType).toBe('int16');
    expect(message.metadata).toEqual({ rows: 1 });
    expect(message.samples).toBeInstanceOf(Int16Array);
    expect(Array.from(message.samples)).toEqual([-2000, 0, 1, 2402, -1]);
  });

  it('lay out the fixed header as documented', () => {
    const bytes = encodeBinaryMessage(
      'pixelFrame',
      0x01020304,
      { a: 1 },
      new Uint16Array([0x0102]),
    );
    const view = new DataView(bytes.buffer);
    const json = JSON.stringify({ a: 1 });

    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('ATRF');
    expect(bytes[4]).toBe(1);
    expect(bytes[5]).toBe(1);
    expect(bytes[6]).toBe(3);
    expect(bytes[7]).toBe(0);
    expect(view.getUint32(8, true)).toBe(0x01020304);
    expect(view.getUint32(12, true)).toBe(json.length);
    // Payload at the next multiple of 8, little-endian.
    const payloadAt = Math.ceil((BINARY_HEADER_BYTES + json.length) / 8) * 8;
    expect(bytes.length).toBe(payloadAt + 2);
    expect(bytes[payloadAt]).toBe(0x02);
    expect(bytes[payloadAt + 1]).toBe(0x01);
  });

  it('read a payload that sits at an odd offset of a larger buffer', () => {
    const inner = encodeBinaryMessage(
      'pixelFrame',
      1,
      {},
      new Float32Array([1.5]),
    );
    const outer = new Uint8Array(inner.length + 1);
    outer.set(inner, 1);
    const message = decodeBinaryMessage(outer.subarray(1));
    expect(Array.from(message.samples)).toEqual([1.5]);
  });

  it('refuse bytes that are not an Atrium binary message', () => {
    expect(() => decodeBinaryMessage(new Uint8Array(4))).toThrow(
      BinaryFrameError,
    );
    expect(() => decodeBinaryMessage(new Uint8Array(32))).toThrow(/ATRF/);
  });

  it('refuse metadata that claims to run past the end', () => {
    const bytes = encodeBinaryMessage('pixelFrame', 1, {}, new Uint8Array(0));
    new DataView(bytes.buffer).setUint32(12, 1000, true);
    expect(() => decodeBinaryMessage(bytes)).toThrow(/runs past/);
  });
});
