/**
 * What the viewer shows, as plain data: the layout, the active viewport,
 * and for each viewport its series, slice/phase position and cine. Every
 * change goes through reduceViewer, so keyboard, mouse and toolbar agree.
 * Window, zoom and pan live in Cornerstone and are not part of this model.
 */
import type { ViewerState, WebSeries, WebStudy } from '@atrium/protocol';
import {
  clampFps,
  goToSlice,
  moveSlice,
  orientSeries,
  seriesCineFps,
  stepPhase,
  toServiceSlice,
  type OrientedSeries,
  type StackPosition,
} from './frame-stack';

/** The viewport layouts the toolbar offers. */
export const LAYOUTS = ['1x1', '1x2', '2x2'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** How many viewports a layout shows. */
export function countViewports(layout: Layout): number {
  return layout === '1x1' ? 1 : layout === '1x2' ? 2 : 4;
}

/** One viewport. */
export interface PaneModel {
  seriesUid: string | null;
  position: StackPosition;
  playing: boolean;
  /** Cine rate in frames (phases) per second. */
  fps: number;
}

/** The whole viewer; `panes` always holds four, the layout shows some. */
export interface ViewerModel {
  layout: Layout;
  active: number;
  panes: PaneModel[];
}

export type ViewerAction =
  | { type: 'set-layout'; layout: Layout }
  | { type: 'activate'; pane: number }
  | { type: 'show-series'; seriesUid: string; pane?: number }
  | { type: 'move-slice'; delta: number; pane?: number }
  | { type: 'go-to-slice'; slice: number; pane?: number }
  | { type: 'step-phase'; delta: number; pane?: number }
  | { type: 'toggle-cine'; pane?: number }
  | { type: 'stop-cine'; pane?: number }
  | { type: 'set-fps'; fps: number; pane?: number }
  | { type: 'restore'; model: ViewerModel };

const EMPTY_PANE: PaneModel = {
  seriesUid: null,
  position: { slice: 0, phase: 0 },
  playing: false,
  fps: 25,
};

/**
 * The model a study opens with: one viewport showing the first series
 * that has images (else the first series), at its first slice and phase, cine stopped at the
 * series' own rate.
 */
export function createViewerModel(study: WebStudy): ViewerModel {
  const panes = [0, 1, 2, 3].map(() => ({ ...EMPTY_PANE }));
  // A study of waveforms or reports alone opens on its first series, so
  // the viewport says what it holds instead of "No series".
  const first =
    study.series.find((s) => s.slices.length > 0) ?? study.series[0];
  if (first) panes[0] = paneFor(first);
  return { layout: '1x1', active: 0, panes };
}

/** Applies one action; returns the same model when nothing changes. */
export function reduceViewer(
  study: WebStudy,
  model: ViewerModel,
  action: ViewerAction,
): ViewerModel {
  if (action.type === 'restore') return action.model;
  if (action.type === 'set-layout')
    return setLayout(study, model, action.layout);
  if (action.type === 'activate') {
    const pane = Math.min(action.pane, countViewports(model.layout) - 1);
    return pane === model.active ? model : { ...model, active: pane };
  }

  const index = action.pane ?? model.active;
  const pane = model.panes[index];
  if (!pane) return model;

  if (action.type === 'show-series') {
    const series = findSeries(study, action.seriesUid);
    if (!series || pane.seriesUid === action.seriesUid) return model;
    return replacePane(model, index, paneFor(series));
  }

  const series = findSeries(study, pane.seriesUid);
  if (!series) return model;
  return replacePane(model, index, updatePane(series, pane, action));
}

/** The series a viewport shows, if any. */
export function findSeries(
  study: WebStudy,
  seriesUid: string | null,
): WebSeries | undefined {
  return study.series.find((s) => s.seriesUid === seriesUid);
}

function updatePane(
  series: WebSeries,
  pane: PaneModel,
  action: ViewerAction,
): PaneModel {
  switch (action.type) {
    case 'move-slice':
      return {
        ...pane,
        position: moveSlice(series, pane.position, action.delta),
      };
    case 'go-to-slice':
      return {
        ...pane,
        position: goToSlice(series, pane.position, action.slice),
      };
    case 'step-phase':
      return {
        ...pane,
        position: stepPhase(series, pane.position, action.delta),
      };
    case 'toggle-cine':
      return { ...pane, playing: !pane.playing && series.phaseCount > 1 };
    case 'stop-cine':
      return pane.playing ? { ...pane, playing: false } : pane;
    case 'set-fps':
      return { ...pane, fps: clampFps(action.fps) };
    default:
      return pane;
  }
}

// A wider layout fills its new viewports with the series after the last
// one shown (the same series again when the study has only one), so a
// 2×2 of a single cine stack shows it four times, each scrollable alone.
// A study of one stack spreads its copies over the slices (1×2: the middle
// slice beside the first; 2×2: a third, two thirds and the last), so a
// short-axis cine shows base, mid and apex at once. A viewport already
// showing something keeps it.
function setLayout(
  study: WebStudy,
  model: ViewerModel,
  layout: Layout,
): ViewerModel {
  if (layout === model.layout) return model;
  const shown = countViewports(layout);
  const withImages = study.series.filter((s) => s.slices.length > 0);
  const panes = model.panes.map((pane, i) => {
    if (i >= shown || pane.seriesUid || withImages.length === 0) return pane;
    const series = withImages[i % withImages.length]!;
    if (withImages.length > 1) return paneFor(series);
    const last = series.slices.length - 1;
    const slice = Math.round(last * (shown === 2 ? i / 2 : i / (shown - 1)));
    return { ...paneFor(series), position: goToSlice(series, START, slice) };
  });
  return { layout, active: Math.min(model.active, shown - 1), panes };
}

const START = { slice: 0, phase: 0 };

function paneFor(series: WebSeries): PaneModel {
  return {
    seriesUid: series.seriesUid,
    position: { slice: 0, phase: 0 },
    playing: false,
    fps: seriesCineFps(series),
  };
}

function replacePane(
  model: ViewerModel,
  index: number,
  pane: PaneModel,
): ViewerModel {
  if (model.panes[index] === pane) return model;
  const panes = model.panes.slice();
  panes[index] = pane;
  return { ...model, panes };
}

/** A study as the viewer lays it out, with each series' slice direction. */
export interface OrientedStudy {
  study: WebStudy;
  oriented: Map<string, OrientedSeries>;
}

/** Orients every series of a study (see orientSeries). */
export function orientStudy(study: WebStudy): OrientedStudy {
  const oriented = new Map<string, OrientedSeries>();
  const series = study.series.map((s) => {
    const result = orientSeries(s);
    oriented.set(s.seriesUid, result);
    return result.series;
  });
  return { study: { ...study, series }, oriented };
}

/**
 * The state the service keeps for crash recovery and prefetching, in the
 * service's own slice numbering.
 */
export function describeViewerState(
  loaded: OrientedStudy,
  model: ViewerModel,
  windows: readonly {
    centre: number | null;
    width: number | null;
    zoom: number | null;
  }[],
): ViewerState {
  const shown = model.panes.slice(0, countViewports(model.layout));
  return {
    studyUid: loaded.study.studyUid,
    layout: model.layout,
    activeViewport: model.active,
    viewports: shown.map((pane, i) => {
      const oriented = pane.seriesUid
        ? loaded.oriented.get(pane.seriesUid)
        : undefined;
      const window = windows[i];
      return {
        seriesUid: pane.seriesUid,
        sliceIndex: oriented
          ? toServiceSlice(oriented, pane.position.slice)
          : pane.position.slice,
        phaseIndex: pane.position.phase,
        windowCentre: window?.centre ?? null,
        windowWidth: window?.width ?? null,
        ...(window?.zoom ? { zoom: window.zoom } : {}),
      };
    }),
  };
}
