import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { AtriumError } from '@atrium/protocol';
import { readManifest, testdataPath, type ManifestRow } from '@atrium/testdata';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import {
  decodeFrame,
  inspectPixelData,
  parseDicom,
  renderFrame,
  type DicomDataset,
  type RenderOptions,
  Tag,
} from '../src/index.js';

/**
 * How far a rendering may stray from the reference PNG (dcmtk / GDCM /
 * OpenJPEG), in grey levels per sample: the largest single difference and
 * the mean over all samples. Lossless input must match within the
 * manifest's +-2. Lossy syntaxes are decoded by other codecs than the
 * reference's (IDCT and wavelet rounding differ), so each gets the bound
 * measured on its test files with a small margin, no more.
 */
const lossless = { max: 2, mean: 0.05 };
const tolerances: Record<string, { max: number; mean: number }> = {
  '1.2.840.10008.1.2.4.50': { max: 2, mean: 0.1 },
  '1.2.840.10008.1.2.4.51': { max: 3, mean: 0.2 },
  '1.2.840.10008.1.2.4.53': { max: 3, mean: 0.2 },
  '1.2.840.10008.1.2.4.55': { max: 3, mean: 0.2 },
  '1.2.840.10008.1.2.4.81': { max: 2, mean: 0.25 },
  '1.2.840.10008.1.2.4.91': { max: 2, mean: 0.25 },
  '1.2.840.10008.1.2.4.203': { max: 2, mean: 0.25 },
};

/** The typed error each damaged or pixel-less file must give. */
const expectedErrors: Record<string, { code: string; message: RegExp }> = {
  'edge/MR_missing_Rows.dcm': {
    code: 'DCM_MISSING_ATTRIBUTE',
    message: /Rows/,
  },
  'edge/MR_truncated_pixeldata.dcm': {
    code: 'DCM_PIXEL_DATA_TRUNCATED',
    message: /8130 of 8192 bytes/,
  },
  'cardiac/waveform_ecg.dcm': {
    code: 'DCM_NO_PIXEL_DATA',
    message: /ECG waveform/,
  },
  'edge/EncapsulatedPDF_generated.dcm': {
    code: 'DCM_NO_PIXEL_DATA',
    message: /Encapsulated PDF document/,
  },
  'edge/SR_test.dcm': {
    code: 'DCM_NO_PIXEL_DATA',
    message: /structured report/,
  },
};

const rows = readManifest();

function load(row: ManifestRow): DicomDataset {
  return parseDicom(readFileSync(testdataPath(row.path)));
}

/** Rejection of a promise as a plain { code, message } for matching. */
async function failureOf(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AtriumError);
    const { code, message } = error as AtriumError;
    return { code, message };
  }
  throw new Error('expected the promise to reject');
}

/** First 16 hex digits of SHA-256 over every frame, pydicom layout. */
async function hashAllFrames(ds: DicomDataset, frames: number) {
  const hash = createHash('sha256');
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < frames; index += 1) {
    const frame = await decodeFrame(ds, index);
    hash.update(
      new Uint8Array(
        frame.pixels.buffer,
        frame.pixels.byteOffset,
        frame.pixels.byteLength,
      ),
    );
    min = Math.min(min, frame.min);
    max = Math.max(max, frame.max);
  }
  return { sha256: hash.digest('hex').slice(0, 16), min, max };
}

/** The VOI the row's reference rendering used, as render options. */
function referenceOptions(row: ManifestRow): RenderOptions {
  if (row.referenceVoi === 'window' && row.window)
    return { window: row.window };
  if (row.referenceVoi === 'min-max') return { voi: 'min-max' };
  return {};
}

async function compareWithReference(
  ds: DicomDataset,
  row: ManifestRow,
  frameIndex: number,
  png: string,
) {
  const rendered = await renderFrame(ds, frameIndex, referenceOptions(row));
  const { data, info } = await sharp(testdataPath(png))
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([rendered.columns, rendered.rows]);

  // dcmtk writes grey PNGs as RGB with equal channels; compare channel by channel.
  const channels = Math.max(info.channels, rendered.channels);
  let largest = 0;
  let total = 0;
  for (let pixel = 0; pixel < rendered.rows * rendered.columns; pixel += 1) {
    for (let channel = 0; channel < channels; channel += 1) {
      const mine =
        rendered.data[
          pixel * rendered.channels + Math.min(channel, rendered.channels - 1)
        ] ?? 0;
      const theirs =
        data[pixel * info.channels + Math.min(channel, info.channels - 1)] ?? 0;
      const difference = Math.abs(mine - theirs);
      largest = Math.max(largest, difference);
      total += difference;
    }
  }
  return {
    max: largest,
    mean: total / (rendered.rows * rendered.columns * channels),
  };
}

async function checkDecodableRow(row: ManifestRow): Promise<void> {
  const ds = load(row);
  expect(ds.transferSyntaxUid).toBe(row.transferSyntaxUid);
  const check = inspectPixelData(ds);
  expect(check).toEqual({ ok: true, frames: row.frames });

  if (row.unsupportedAllowed) {
    // The manifest accepts a clean refusal for retired syntaxes.
    const outcome = await decodeFrame(ds, 0).then(
      () => 'decoded',
      (error: AtriumError) => error.code,
    );
    if (outcome !== 'decoded') {
      expect(outcome).toBe('DCM_UNSUPPORTED_TRANSFER_SYNTAX');
      return;
    }
  }

  const frames = row.frames ?? 1;
  if (row.sha256 || row.storedMin !== undefined) {
    const decoded = await hashAllFrames(ds, frames);
    if (row.sha256) expect(decoded.sha256).toBe(row.sha256);
    if (row.storedMin !== undefined)
      expect(decoded.min).toBeCloseTo(row.storedMin, 5);
    if (row.storedMax !== undefined)
      expect(decoded.max).toBeCloseTo(row.storedMax, 5);
  }

  const tolerance = tolerances[row.transferSyntaxUid] ?? lossless;
  const references: [number, string | undefined][] = [
    [0, row.refPng],
    [frames - 1, row.lastFrameRefPng],
  ];
  for (const [frameIndex, png] of references) {
    if (!png) continue;
    const difference = await compareWithReference(ds, row, frameIndex, png);
    expect(difference.max, `${png} largest difference`).toBeLessThanOrEqual(
      tolerance.max,
    );
    expect(difference.mean, `${png} mean difference`).toBeLessThanOrEqual(
      tolerance.mean,
    );
  }
}

async function checkFailingRow(row: ManifestRow): Promise<void> {
  const expected = expectedErrors[row.path];
  if (!expected) throw new Error(`No expected error is listed for ${row.path}`);

  // The header stays readable whatever is wrong with the image.
  const ds = load(row);
  expect(ds.string(Tag.Modality)).toBe(row.modality);

  const check = inspectPixelData(ds);
  expect(check).toMatchObject({ ok: false, code: expected.code });
  const failure = await failureOf(decodeFrame(ds, 0));
  expect(failure.code).toBe(expected.code);
  expect(failure.message).toMatch(expected.message);
}

describe('every file of MANIFEST.md', () => {
  it('lists all single files and the whole Sunnybrook stack', () => {
    expect(rows.filter((row) => row.table === 'single')).toHaveLength(49);
    expect(rows.filter((row) => row.table === 'sunnybrook')).toHaveLength(240);
  });

  for (const row of rows) {
    const behaviour =
      row.expected === 'decode'
        ? 'decodes and renders like its reference'
        : `fails as expected (${row.expected})`;
    it(`${row.path} ${behaviour}`, async () => {
      if (row.expected === 'decode') await checkDecodableRow(row);
      else await checkFailingRow(row);
    });
  }
});
