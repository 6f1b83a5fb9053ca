'use client';

import { Enums, type StackViewport } from '@cornerstonejs/core';
import type { WebSeries, WebStudy } from '@atrium/protocol';
import { useEffect, useRef, useState } from 'react';
import { flatIndexOf, flattenFrames } from '../../lib/viewer/frame-stack';
import { toImageId } from '../../lib/viewer/image-ids';
import { describeNoImage } from '../../lib/viewer/series-wording';
import type { ViewerEngine } from '../../lib/viewer/use-rendering-engine';
import type { PaneModel, ViewerAction } from '../../lib/viewer/viewer-model';
import type { WorkerLink } from '../../lib/viewer/worker-link';
import {
  NO_READOUT,
  sameReadout,
  type PaneReadout,
} from '../../lib/viewer/readout';
import { Overlay } from './Overlay';
import {
  createHandle,
  prefetch,
  readViewport,
  type PaneHandle,
} from './pane-handle';
import { useFirstPaint } from './use-first-paint';

export type { PaneHandle } from './pane-handle';

/** Pixels of wheel travel per slice (one mouse-wheel notch is 100). */
const WHEEL_STEP_PX = 40;

/** One viewport: a Cornerstone stack viewport with overlay and scrollbar. */
export function ViewportPane({
  index,
  viewerEngine,
  link,
  study,
  series,
  pane,
  active,
  onActivate,
  onAction,
  onReadout,
  registerHandle,
}: {
  index: number;
  viewerEngine: ViewerEngine;
  link: WorkerLink;
  study: WebStudy;
  series: WebSeries | null;
  pane: PaneModel;
  active: boolean;
  onActivate: () => void;
  onAction: (action: ViewerAction) => void;
  onReadout: (readout: PaneReadout) => void;
  registerHandle: (handle: PaneHandle | null) => void;
}) {
  const elementRef = useRef<HTMLDivElement>(null);
  const viewportRef = useRef<StackViewport | null>(null);
  const stackRef = useRef<{
    seriesUid: string;
    ready: Promise<unknown>;
  } | null>(null);
  const positionRef = useRef(pane.position);
  const [readout, setReadout] = useState<PaneReadout>(NO_READOUT);
  positionRef.current = pane.position;
  const firstPaint = useFirstPaint(link, series, positionRef, elementRef);

  // Enable the element in the engine for as long as the pane is mounted.
  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    const { engine, toolGroup } = viewerEngine;
    const viewportId = `${engine.id}-vp-${index}`;
    engine.enableElement({
      viewportId,
      type: Enums.ViewportType.STACK,
      element,
      defaultOptions: { background: [0, 0, 0] },
    });
    toolGroup.addViewport(viewportId, engine.id);
    viewportRef.current = engine.getViewport(viewportId) as StackViewport;

    // A new size (a layout change, a window resize) fits the image to the
    // pane again; the window is kept. Zoom and pan are reset too, even a
    // zoom the user chose: Cornerstone measures zoom against the camera of
    // the old size, so it cannot be carried over as "the same zoom" (an
    // unzoomed pane came out at 0.75× in a 2×2), and a fitted image is
    // what a clinician expects after changing the layout.
    const resize = new ResizeObserver(() => {
      engine.resize(true, true);
      const viewport = viewportRef.current;
      if (!viewport || !viewport.getCurrentImageId()) return;
      viewport.resetCamera();
      viewport.render();
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      viewportRef.current = null;
      stackRef.current = null;
      toolGroup.removeViewports(engine.id, viewportId);
      engine.disableElement(viewportId);
    };
  }, [viewerEngine, index]);

  // A new series: hand the viewport all its frames, slice-major.
  useEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport || !series || series.slices.length === 0) return;
    const imageIds = flattenFrames(series).map(toImageId);
    const start = flatIndexOf(series, positionRef.current);
    const ready = viewport
      .setStack(imageIds, start)
      .then(() => {
        // Fit the first image to the viewport as it is now: a viewport
        // enabled twice in one tick (a remount) can keep a camera from
        // before it had its size.
        if (viewportRef.current !== viewport) return;
        viewport.resetCamera();
        viewport.render();
      })
      .catch((error: unknown) => {
        console.error('atrium: the series could not be shown', error);
      });
    stackRef.current = { seriesUid: series.seriesUid, ready };
  }, [series, viewerEngine]);

  // A new slice or phase: show it, and fetch what the user will want next.
  const { slice, phase } = pane.position;
  useEffect(() => {
    const viewport = viewportRef.current;
    const stack = stackRef.current;
    if (!viewport || !series || stack?.seriesUid !== series.seriesUid) return;
    const target = flatIndexOf(series, { slice, phase });
    void stack.ready.then(() => {
      if (viewport.getCurrentImageIdIndex() === target) return;
      return viewport.setImageIdIndex(target).catch(() => undefined);
    });
    prefetch(series, { slice, phase });
  }, [series, slice, phase]);

  // Follow window and zoom changes, wherever they come from.
  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    const update = () => {
      const viewport = viewportRef.current;
      if (!viewport) return;
      const next = readViewport(viewport);
      setReadout((old) => (sameReadout(old, next) ? old : next));
      firstPaint.hide();
    };
    const events = [
      Enums.Events.IMAGE_RENDERED,
      Enums.Events.VOI_MODIFIED,
      Enums.Events.CAMERA_MODIFIED,
    ];
    events.forEach((name) => element.addEventListener(name, update));
    return () =>
      events.forEach((name) => element.removeEventListener(name, update));
  }, [firstPaint]);

  useEffect(() => onReadout(readout), [readout, onReadout]);

  // Wheel scrolls slices (not the page); right drag zooms, so no menu.
  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    let travel = 0;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      travel += event.deltaMode === 1 ? event.deltaY * 40 : event.deltaY;
      if (Math.abs(travel) < WHEEL_STEP_PX) return;
      onAction({ type: 'move-slice', delta: Math.sign(travel), pane: index });
      travel = 0;
    };
    const noMenu = (event: Event) => event.preventDefault();
    element.addEventListener('wheel', onWheel, { passive: false });
    element.addEventListener('contextmenu', noMenu);
    return () => {
      element.removeEventListener('wheel', onWheel);
      element.removeEventListener('contextmenu', noMenu);
    };
  }, [onAction, index]);

  useEffect(() => {
    registerHandle(createHandle(viewportRef, study));
    return () => registerHandle(null);
  }, [registerHandle, study]);

  const cineFps = pane.playing ? pane.fps : null;
  const noImage = series ? describeNoImage(series) : null;
  return (
    <div
      className={`viewport-cell${active ? ' active' : ''}`}
      onPointerDown={onActivate}
      aria-label={`Viewport ${index + 1}`}
    >
      <div className="viewport-surface" data-testid="viewport" ref={elementRef}>
        {firstPaint.url ? (
          <img className="first-paint" src={firstPaint.url} alt="" />
        ) : null}
        {series && noImage ? (
          <div className="viewport-empty" data-testid="no-image">
            {noImage}
          </div>
        ) : series ? (
          <Overlay
            study={study}
            series={series}
            position={pane.position}
            readout={readout}
            cineFps={cineFps}
          />
        ) : (
          <div className="viewport-empty">No series</div>
        )}
      </div>
      {series && series.slices.length > 1 ? (
        <div className="slice-scrollbar">
          <input
            type="range"
            aria-label="Slice"
            min={0}
            max={series.slices.length - 1}
            step={1}
            value={slice}
            onChange={(e) =>
              onAction({
                type: 'go-to-slice',
                slice: Number(e.target.value),
                pane: index,
              })
            }
          />
        </div>
      ) : null}
    </div>
  );
}
