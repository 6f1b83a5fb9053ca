import { readFileSync } from 'node:fs';

import { testdataPath } from '@atrium/testdata';
import { describe, expect, it } from 'vitest';

import { decodeFrame, parseDicom, renderFrame, Tag } from '../src/index.js';
import { createImage, wordsOf } from './support/image.js';
import type { ElementSpec } from './support/write-dicom.js';

const window: ElementSpec[] = [
  { tag: Tag.WindowCenter, vr: 'DS', value: '100' },
  { tag: Tag.WindowWidth, vr: 'DS', value: '201' },
];

describe('renderFrame', () => {
  it('applies rescale before the window', async () => {
    // stored 0, 50, 100 -> modality 0, 100, 200 -> window 100/201 (LINEAR:
    // (x - 99.5) / 200 + 0.5, truncated) -> 0, 128, 255
    const ds = createImage({
      rows: 1,
      columns: 3,
      bitsAllocated: 16,
      pixelData: wordsOf([0, 50, 100]),
      extra: [...window, { tag: Tag.RescaleSlope, vr: 'DS', value: '2' }],
    });
    const rendered = await renderFrame(ds);
    expect(rendered.channels).toBe(1);
    expect(Array.from(rendered.data)).toEqual([0, 128, 255]);
  });

  it('inverts MONOCHROME1 after the window', async () => {
    const ds = createImage({
      rows: 1,
      columns: 3,
      bitsAllocated: 16,
      photometric: 'MONOCHROME1',
      pixelData: wordsOf([0, 100, 200]),
      extra: window,
    });
    expect(Array.from((await renderFrame(ds)).data)).toEqual([254, 126, 0]);
  });

  it('lets an explicit window override the file, and falls back to min-max', async () => {
    const base = {
      rows: 1,
      columns: 3,
      bitsAllocated: 16,
      pixelData: wordsOf([10, 20, 30]),
    };
    const withWindow = createImage({ ...base, extra: window });
    expect(
      Array.from(
        (await renderFrame(withWindow, 0, { window: { center: 20, width: 1 } }))
          .data,
      ),
    ).toEqual([0, 255, 255]);
    expect(Array.from((await renderFrame(createImage(base))).data)).toEqual([
      0, 127, 255,
    ]);
    expect(
      Array.from((await renderFrame(withWindow, 0, { voi: 'min-max' })).data),
    ).toEqual([0, 127, 255]);
  });

  it('uses the Modality LUT instead of rescale when the file has one', async () => {
    const ds = createImage({
      rows: 1,
      columns: 3,
      bitsAllocated: 16,
      pixelData: wordsOf([0, 1, 2]),
      extra: [
        ...window,
        {
          tag: Tag.ModalityLUTSequence,
          vr: 'SQ',
          items: [
            [
              { tag: Tag.LUTDescriptor, vr: 'US', value: [3, 0, 16] },
              { tag: Tag.LUTData, vr: 'US', value: [0, 100, 200] },
            ],
          ],
        },
      ],
    });
    expect(Array.from((await renderFrame(ds)).data)).toEqual([0, 128, 255]);
  });

  it('renders extreme rescale through per-value tables without a table per window step', async () => {
    const ds = createImage({
      rows: 1,
      columns: 2,
      bitsAllocated: 16,
      pixelData: wordsOf([0, 65535]),
      extra: [
        { tag: Tag.RescaleSlope, vr: 'DS', value: '0.000001' },
        { tag: Tag.WindowCenter, vr: 'DS', value: '0.03' },
        { tag: Tag.WindowWidth, vr: 'DS', value: '100000000' },
      ],
    });
    expect(Array.from((await renderFrame(ds)).data)).toEqual([127, 127]);
  });

  it('burns overlay planes in white after windowing', async () => {
    const overlay = Uint8Array.from([0b0000_0010, 0]);
    const ds = createImage({
      rows: 2,
      columns: 2,
      bitsAllocated: 16,
      pixelData: wordsOf([0, 0, 0, 0]),
      extra: [
        ...window,
        { tag: 'x60000010', vr: 'US', value: [1] },
        { tag: 'x60000011', vr: 'US', value: [2] },
        { tag: 'x60000040', vr: 'CS', value: 'G' },
        { tag: 'x60000050', vr: 'SS', value: [2, 1] },
        { tag: 'x60000100', vr: 'US', value: [1] },
        { tag: 'x60000102', vr: 'US', value: [0] },
        { tag: 'x60003000', vr: 'OW', value: overlay },
      ],
    });
    // Overlay pixel (row 1, column 2) lands at image row 2, column 2.
    expect(Array.from((await renderFrame(ds)).data)).toEqual([0, 0, 0, 255]);
  });

  it('looks palette indices up at render time, keeping indices in the decoded frame', async () => {
    const red = wordsOf([0xffff, 0x0000]);
    const ds = createImage({
      rows: 1,
      columns: 2,
      bitsAllocated: 8,
      photometric: 'PALETTE COLOR',
      pixelData: Uint8Array.from([5, 6]),
      pixelVr: 'OB',
      extra: [
        {
          tag: Tag.RedPaletteColorLookupTableDescriptor,
          vr: 'US',
          value: [2, 5, 16],
        },
        {
          tag: Tag.GreenPaletteColorLookupTableDescriptor,
          vr: 'US',
          value: [2, 5, 16],
        },
        {
          tag: Tag.BluePaletteColorLookupTableDescriptor,
          vr: 'US',
          value: [2, 5, 16],
        },
        { tag: Tag.RedPaletteColorLookupTableData, vr: 'OW', value: red },
        {
          tag: Tag.GreenPaletteColorLookupTableData,
          vr: 'OW',
          value: wordsOf([0, 0x8000]),
        },
        {
          tag: Tag.BluePaletteColorLookupTableData,
          vr: 'OW',
          value: wordsOf([0, 0xffff]),
        },
      ],
    });
    const decoded = await decodeFrame(ds, 0);
    expect(Array.from(decoded.pixels)).toEqual([5, 6]);
    const rendered = await renderFrame(decoded);
    expect(rendered.channels).toBe(3);
    expect(Array.from(rendered.data)).toEqual([255, 0, 0, 0, 128, 255]);
  });

  it('converts YBR_FULL to RGB', async () => {
    const ds = createImage({
      rows: 1,
      columns: 2,
      bitsAllocated: 8,
      samplesPerPixel: 3,
      photometric: 'YBR_FULL',
      pixelData: Uint8Array.from([76, 85, 255, 255, 128, 128]),
      pixelVr: 'OB',
    });
    // Pure red and white, within the rounding of the BT.601 matrix.
    const rgb = Array.from((await renderFrame(ds)).data);
    expect(rgb).toEqual([254, 0, 0, 255, 254, 255]);
  });

  it('uses each frame its own functional-group window by default', async () => {
    const ds = parseDicom(
      readFileSync(testdataPath('edge/EnhancedMR_8frames_signed_implicit.dcm')),
    );
    const last = await decodeFrame(ds, 7);
    const own = last.windows[0];
    expect(own).toBeDefined();
    expect(own).not.toEqual({ center: 63, width: 75 });
    const byDefault = await renderFrame(last);
    const explicit = await renderFrame(last, 7, {
      window: { center: own?.center ?? 0, width: own?.width ?? 1 },
    });
    expect(byDefault.data).toEqual(explicit.data);
  });
});
