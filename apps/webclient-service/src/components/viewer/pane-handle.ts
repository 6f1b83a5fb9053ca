/**
 * What the viewer asks of one viewport besides moving through it (reset,
 * zoom, window, presets, reload), how a viewport's window and zoom are
 * read for the overlay, and which frames it fetches ahead. Browser only.
 */
import { cache, imageLoader, type StackViewport } from '@cornerstonejs/core';
import type { WebSeries, WebStudy } from '@atrium/protocol';
import { frameFactsOf } from '../../lib/viewer/cornerstone-setup';
import { frameAt, prefetchOrder } from '../../lib/viewer/frame-stack';
import { toImageId } from '../../lib/viewer/image-ids';
import {
  fromVoiRange,
  listWindowPresets,
  toVoiRange,
  type NamedWindow,
} from '../../lib/viewer/window-presets';
import type { PaneReadout } from '../../lib/viewer/readout';

/** What the viewer can ask of a viewport besides moving through it. */
export interface PaneHandle {
  reset(): void;
  zoomBy(factor: number): void;
  applyWindow(centre: number, width: number): void;
  /** Presets for the frame on show (file, modality, full range). */
  listPresets(): NamedWindow[];
  /** Shows the current frame again (after a worker was replaced). */
  reload(): void;
}

/** The handle of the viewport in `viewportRef`, whatever it is by then. */
export function createHandle(
  viewportRef: { current: StackViewport | null },
  study: WebStudy,
): PaneHandle {
  const withViewport = (use: (viewport: StackViewport) => void) => {
    const viewport = viewportRef.current;
    if (viewport) use(viewport);
  };
  return {
    reset: () =>
      withViewport((viewport) => {
        viewport.resetProperties();
        viewport.resetCamera();
        viewport.render();
      }),
    zoomBy: (factor) =>
      withViewport((viewport) => {
        viewport.setZoom(viewport.getZoom() * factor);
        viewport.render();
      }),
    applyWindow: (centre, width) =>
      withViewport((viewport) => {
        viewport.setProperties({ voiRange: toVoiRange(centre, width) });
        viewport.render();
      }),
    listPresets: () => {
      const viewport = viewportRef.current;
      const imageId = viewport?.getCurrentImageId();
      if (!imageId) return [];
      const facts = frameFactsOf(imageId);
      const image = cache.getImage(imageId);
      const modality = study.series.find(
        (s) => s.seriesUid === facts?.seriesUid,
      )?.modality;
      const range = image
        ? { min: image.minPixelValue, max: image.maxPixelValue }
        : null;
      return listWindowPresets(
        modality ?? '',
        facts?.windowPresets ?? [],
        range,
      );
    },
    reload: () =>
      withViewport((viewport) => {
        const index = viewport.getCurrentImageIdIndex();
        void viewport.setImageIdIndex(index).catch(() => undefined);
      }),
  };
}

/** Window (centre/width) and zoom of a viewport, for the overlay. */
export function readViewport(viewport: StackViewport): PaneReadout {
  const range = viewport.getProperties().voiRange;
  const window = range ? fromVoiRange(range) : null;
  let zoom: number | null = null;
  try {
    zoom = viewport.getZoom();
  } catch {
    // No image yet: the camera has nothing to compare against.
  }
  return {
    centre: window ? round(window.centre) : null,
    width: window ? round(window.width) : null,
    zoom,
    imageId: viewport.getCurrentImageId() ?? null,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

// Frames the user will want next go to the Cornerstone cache now, so cine
// and scrolling show them without waiting: the phases of this slice, then
// the same phase of the neighbouring slices.
export function prefetch(
  series: WebSeries,
  position: { slice: number; phase: number },
) {
  for (const next of prefetchOrder(series, position)) {
    const frame = frameAt(series, next);
    if (!frame) continue;
    const imageId = toImageId(frame);
    if (cache.getImageLoadObject(imageId)) continue;
    imageLoader.loadAndCacheImage(imageId).catch(() => undefined);
  }
}
