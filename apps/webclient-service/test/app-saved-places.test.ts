import { describe, expect, it } from 'vitest';
import {
  restoreView,
  serializeView,
  studyListHref,
} from '../src/lib/saved-places.js';
import {
  createViewerModel,
  reduceViewer,
} from '../src/lib/viewer/viewer-model.js';
import { makeCineSeries, makeStudy } from './app-series-fixture.js';

const cine = makeCineSeries(12, 20);
const still = makeCineSeries(8, 1, { uid: '1.2.3.400', frameTimeMs: null });
const study = makeStudy([cine, still]);

describe('returning to the study list', () => {
  it('goes back to the search the list last showed', () => {
    expect(studyListHref('patientName=scd*&modality=MR')).toBe(
      '/studies?patientName=scd*&modality=MR',
    );
    expect(studyListHref(null)).toBe('/studies');
  });

  it('passes on nothing but a valid search', () => {
    expect(studyListHref('evil=1&sortBy=drop')).toBe('/studies');
  });
});

describe('a reloaded viewer', () => {
  it('comes back at the same slice, phase, layout and rate, paused', () => {
    let model = createViewerModel(study);
    for (const action of [
      { type: 'move-slice', delta: 5 },
      { type: 'step-phase', delta: 7 },
      { type: 'set-fps', fps: 12 },
      { type: 'toggle-cine' },
      { type: 'set-layout', layout: '1x2' },
    ] as const) {
      model = reduceViewer(study, model, action);
    }

    const restored = restoreView(
      study,
      createViewerModel(study),
      serializeView(model),
    );
    expect(restored.layout).toBe('1x2');
    expect(restored.panes[0]!.position).toEqual({ slice: 5, phase: 7 });
    expect(restored.panes[0]!.fps).toBe(12);
    expect(restored.panes[0]!.playing).toBe(false);
    expect(restored.panes[1]!.seriesUid).toBe(still.seriesUid);
  });

  it('keeps places inside the series and ignores what the study no longer has', () => {
    const fresh = createViewerModel(study);
    const saved = JSON.stringify({
      layout: '3x3',
      active: 9,
      panes: [
        { seriesUid: cine.seriesUid, slice: 40, phase: 99, fps: 25 },
        { seriesUid: 'gone', slice: 1, phase: 1, fps: 25 },
      ],
    });
    const restored = restoreView(study, fresh, saved);
    expect(restored.layout).toBe('1x1');
    expect(restored.active).toBe(0);
    expect(restored.panes[0]!.position).toEqual({ slice: 11, phase: 19 });
    expect(restored.panes[1]).toEqual(fresh.panes[1]);
    expect(restoreView(study, fresh, 'not json')).toBe(fresh);
  });
});
