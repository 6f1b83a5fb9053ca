import type { FrameFacts, SampleArray } from '@atrium/protocol';

/** A window in modality units, as renderFrame takes it. */
export interface RenderWindow {
  center: number;
  width: number;
}

/** What the render pool is asked to do with one frame. */
export interface RenderTaskInput {
  facts: FrameFacts;
  samples: SampleArray;
  /** Explicit window; the frame's own choice when null. */
  window: RenderWindow | null;
}

/** 8-bit display values and the window they were made with. */
export interface RenderTaskOutput {
  rows: number;
  columns: number;
  channels: 1 | 3;
  data: Uint8Array;
  window: RenderWindow;
}
