import { describe, expect, it } from 'vitest';
import {
  fromVoiRange,
  listWindowPresets,
  toVoiRange,
} from '../src/lib/viewer/window-presets.js';

describe('window presets', () => {
  it('lists the file presets, then the modality ones, then the full range', () => {
    const presets = listWindowPresets(
      'CT',
      [{ centre: 40, width: 400, explanation: 'WINDOW1' }],
      { min: -1024, max: 3071 },
    );
    expect(presets.map((p) => p.label)).toEqual([
      'WINDOW1',
      'Soft tissue',
      'Lung',
      'Bone',
      'Angio',
      'Full range',
    ]);
    expect(presets.at(-1)).toMatchObject({ centre: 1023.5, width: 4095 });
  });

  it('names unnamed file presets and skips empty ones', () => {
    const presets = listWindowPresets(
      'MR',
      [
        { centre: 622, width: 1244, explanation: '' },
        { centre: 1, width: 0, explanation: 'broken' },
        { centre: 500, width: 800, explanation: '' },
      ],
      null,
    );
    expect(presets.map((p) => p.label)).toEqual(['File', 'File 2']);
  });

  it('converts between centre/width and a VOI range as DICOM linear VOI does', () => {
    expect(toVoiRange(622, 1244)).toEqual({ lower: 0, upper: 1243 });
    expect(fromVoiRange(toVoiRange(622, 1244))).toEqual({
      centre: 622,
      width: 1244,
    });
    expect(fromVoiRange({ lower: -160, upper: 239 })).toEqual({
      centre: 40,
      width: 400,
    });
  });
});
