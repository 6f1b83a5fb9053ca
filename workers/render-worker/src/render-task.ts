/**
 * The task the render pool's threads run (compiled to dist/render-task.js;
 * the pool never loads TypeScript). It turns a pixel frame into 8-bit
 * display values with @atrium/dicom's renderFrame: modality LUT or rescale,
 * window (or VOI LUT, or min-max), MONOCHROME1 inversion, palettes, colour.
 */
import { renderFrame } from '@atrium/dicom';
import type { RenderTaskInput, RenderTaskOutput } from './render-types.js';
import { toDecodedFrame } from './decoded-frame.js';

export default async function render(
  input: RenderTaskInput,
): Promise<RenderTaskOutput> {
  const frame = toDecodedFrame(input.facts, input.samples);
  const window = input.window ?? null;
  const rendered = await renderFrame(frame, 0, window ? { window } : {});
  return {
    rows: rendered.rows,
    columns: rendered.columns,
    channels: rendered.channels,
    data: rendered.data,
    window: window ?? describeWindow(frame),
  };
}

/** The window renderFrame chose by itself, in modality units. */
function describeWindow(frame: ReturnType<typeof toDecodedFrame>) {
  const preset = frame.windows[0];
  if (preset) return { center: preset.center, width: preset.width };
  const a = frame.min * frame.rescaleSlope + frame.rescaleIntercept;
  const b = frame.max * frame.rescaleSlope + frame.rescaleIntercept;
  const low = Math.min(a, b);
  const high = Math.max(a, b);
  return { center: (low + high) / 2, width: Math.max(1, high - low) };
}
