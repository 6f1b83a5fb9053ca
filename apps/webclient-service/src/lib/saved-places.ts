/**
 * What the tab remembers across pages and reloads (in sessionStorage, so
 * per tab and gone with it): the study-list search to return to from the
 * viewer, and where each study was being viewed. Pure; the callers own
 * the storage.
 */
import { readStudySearch, writeStudySearch } from './study-query';
import { goToSlice, phasesOf } from './viewer/frame-stack';
import {
  countViewports,
  findSeries,
  LAYOUTS,
  type Layout,
  type ViewerModel,
} from './viewer/viewer-model';
import type { WebStudy } from '@atrium/protocol';

/** sessionStorage key of the last study-list search (URL query). */
export const STUDY_SEARCH_KEY = 'atrium.studySearch';

/** sessionStorage key of where a study was being viewed. */
export function viewKeyOf(studyUid: string): string {
  return `atrium.view.${studyUid}`;
}

/**
 * The study-list address to go back to: the saved search, read and
 * written again so nothing but a valid search reaches the URL.
 */
export function studyListHref(saved: string | null): string {
  const query = writeStudySearch(
    readStudySearch(new URLSearchParams(saved ?? '')),
  ).toString();
  return query ? `/studies?${query}` : '/studies';
}

interface SavedPane {
  seriesUid: string | null;
  slice: number;
  phase: number;
  fps: number;
}

/** The view as saved: layout, active viewport and each one's place. */
export function serializeView(model: ViewerModel): string {
  return JSON.stringify({
    layout: model.layout,
    active: model.active,
    panes: model.panes.map((pane): SavedPane => ({
      seriesUid: pane.seriesUid,
      slice: pane.position.slice,
      phase: pane.position.phase,
      fps: pane.fps,
    })),
  });
}

/**
 * The saved view applied to `fresh` (the model the study opens with), or
 * `fresh` itself when nothing usable was saved. Series the study no longer
 * has are skipped; places are kept inside their series; cine starts
 * paused, as after any reload.
 */
export function restoreView(
  study: WebStudy,
  fresh: ViewerModel,
  saved: string | null,
): ViewerModel {
  if (!saved) return fresh;
  let parsed: { layout?: unknown; active?: unknown; panes?: unknown };
  try {
    parsed = JSON.parse(saved) as typeof parsed;
  } catch {
    return fresh;
  }
  if (!parsed || !Array.isArray(parsed.panes)) return fresh;
  const layout = LAYOUTS.includes(parsed.layout as Layout)
    ? (parsed.layout as Layout)
    : fresh.layout;
  const panes = fresh.panes.map((pane, i) => {
    const entry = (parsed.panes as Partial<SavedPane>[])[i];
    const series =
      typeof entry?.seriesUid === 'string'
        ? findSeries(study, entry.seriesUid)
        : undefined;
    if (!entry || !series) return pane;
    const position = goToSlice(
      series,
      { slice: 0, phase: Math.max(0, Math.floor(Number(entry.phase) || 0)) },
      Number(entry.slice) || 0,
    );
    const phases = Math.max(1, phasesOf(series, position.slice));
    const fps = Number(entry.fps);
    return {
      seriesUid: series.seriesUid,
      position: { ...position, phase: Math.min(position.phase, phases - 1) },
      playing: false,
      fps: Number.isFinite(fps) && fps > 0 ? fps : pane.fps,
    };
  });
  const active = Number(parsed.active);
  return {
    layout,
    active:
      Number.isInteger(active) && active >= 0
        ? Math.min(active, countViewports(layout) - 1)
        : 0,
    panes,
  };
}
