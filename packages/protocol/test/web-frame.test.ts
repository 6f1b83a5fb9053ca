import { describe, expect, it } from 'vitest';
import type { FrameFacts } from '../src/core-studies.js';
import {
  WEB_FRAME_HEADER_BYTES,
  WebFrameError,
  decodeWebFrame,
  encodePixelFrame,
  encodeRenderedFrame,
  readWebFrameRequestId,
  writeWebFrameRequestId,
} from '../src/web-frame.js';

const facts: FrameFacts = {
  studyUid: '1.2.3',
  seriesUid: '1.2.3.4',
  sopInstanceUid: '1.2.3.4.5',
  frameIndex: 0,
  frames: 1,
  rows: 2,
  columns: 2,
  samplesPerPixel: 1,
  photometricInterpretation: 'MONOCHROME2',
  bitsAllocated: 16,
  bitsStored: 16,
  signed: true,
  pixelSpacing: [1.367188, 1.367188],
  rescaleSlope: 1,
  rescaleIntercept: 0,
  windowPresets: [{ centre: 622, width: 1244, explanation: '' }],
};

describe('web frames', () => {
  it('carry signed 16-bit stored values and their facts losslessly', () => {
    const samples = new Int16Array([0, 1168, -5, 32767]);
    const frame = decodeWebFrame(encodePixelFrame(9, facts, samples));

    expect(frame.kind).toBe('pixel');
    if (frame.kind !== 'pixel') return;
    expect(frame.requestId).toBe(9);
    expect(frame.sampleType).toBe('int16');
    expect(frame.samples).toBeInstanceOf(Int16Array);
    expect(Array.from(frame.samples)).toEqual([0, 1168, -5, 32767]);
    expect(frame.meta).toEqual(facts);
  });

  it('carry an encoded image with the window it was rendered at', () => {
    const image = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const meta = {
      ...facts,
      format: 'jpeg' as const,
      width: 2,
      height: 2,
      windowCentre: 622,
      windowWidth: 1244,
    };
    const frame = decodeWebFrame(encodeRenderedFrame(4, meta, image));

    expect(frame.kind).toBe('rendered');
    if (frame.kind !== 'rendered') return;
    expect(frame.requestId).toBe(4);
    expect(frame.meta).toEqual(meta);
    expect(Array.from(frame.image)).toEqual(Array.from(image));
  });

  it('start the payload at a multiple of 8 after the header and metadata', () => {
    const bytes = encodePixelFrame(1, facts, new Uint16Array([0x0102]));
    const view = new DataView(bytes.buffer);
    const jsonLength = view.getUint32(12, true);
    const payloadAt = Math.ceil((WEB_FRAME_HEADER_BYTES + jsonLength) / 8) * 8;

    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('ATRW');
    expect(bytes[5]).toBe(1);
    expect(bytes.length).toBe(payloadAt + 2);
    expect(bytes[payloadAt]).toBe(0x02);
    expect(bytes[payloadAt + 1]).toBe(0x01);
  });

  it('let a relay change the request id in place', () => {
    const bytes = encodePixelFrame(7, facts, new Uint8Array([1, 2, 3, 4]));
    writeWebFrameRequestId(bytes, 123456);

    expect(readWebFrameRequestId(bytes)).toBe(123456);
    expect(decodeWebFrame(bytes).requestId).toBe(123456);
  });

  it('read a frame that sits at an odd offset of a larger buffer', () => {
    const inner = encodePixelFrame(3, facts, new Uint16Array([5, 6, 7, 8]));
    const outer = new Uint8Array(inner.length + 1);
    outer.set(inner, 1);
    const frame = decodeWebFrame(outer.subarray(1));

    expect(frame.kind === 'pixel' && Array.from(frame.samples)).toEqual([
      5, 6, 7, 8,
    ]);
  });

  it('refuse bytes that are not a web frame', () => {
    expect(() => decodeWebFrame(new Uint8Array(8))).toThrow(WebFrameError);
    expect(() => decodeWebFrame(new Uint8Array(32))).toThrow(/ATRW/);
  });
});
