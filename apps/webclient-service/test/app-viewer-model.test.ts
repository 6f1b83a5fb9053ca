import { describe, expect, it } from 'vitest';
import {
  createViewerModel,
  describeViewerState,
  orientStudy,
  reduceViewer,
  type ViewerModel,
} from '../src/lib/viewer/viewer-model.js';
import { makeCineSeries, makeStudy } from './app-series-fixture.js';

const cine = makeCineSeries(12, 20, { firstAcquiredLast: true });
const still = makeCineSeries(8, 1, { uid: '1.2.3.400', frameTimeMs: null });
const { study } = orientStudy(makeStudy([cine, still]));

function apply(
  model: ViewerModel,
  ...actions: Parameters<typeof reduceViewer>[2][]
) {
  return actions.reduce((m, action) => reduceViewer(study, m, action), model);
}

describe('opening a study', () => {
  it('shows the first series at its first slice and phase, cine stopped at the series rate', () => {
    const model = createViewerModel(study);
    expect(model.layout).toBe('1x1');
    expect(model.panes[0]).toEqual({
      seriesUid: cine.seriesUid,
      position: { slice: 0, phase: 0 },
      playing: false,
      fps: 26.7,
    });
  });
});

describe('moving through the active viewport', () => {
  it('scrolls slices, keeps the phase, and plays phases', () => {
    const model = apply(
      createViewerModel(study),
      { type: 'step-phase', delta: 4 },
      { type: 'move-slice', delta: 2 },
    );
    expect(model.panes[0]!.position).toEqual({ slice: 2, phase: 4 });
  });

  it('jumps to a slice from the scrollbar', () => {
    const model = apply(createViewerModel(study), {
      type: 'go-to-slice',
      slice: 9,
    });
    expect(model.panes[0]!.position.slice).toBe(9);
  });

  it('plays cine only where there are phases', () => {
    let model = apply(createViewerModel(study), { type: 'toggle-cine' });
    expect(model.panes[0]!.playing).toBe(true);
    model = apply(model, { type: 'show-series', seriesUid: still.seriesUid });
    expect(model.panes[0]!.playing).toBe(false);
    model = apply(model, { type: 'toggle-cine' });
    expect(model.panes[0]!.playing).toBe(false);
  });

  it('keeps the fps control within range', () => {
    const model = apply(createViewerModel(study), {
      type: 'set-fps',
      fps: 500,
    });
    expect(model.panes[0]!.fps).toBe(120);
  });

  it('returns the same model when nothing changes', () => {
    const model = createViewerModel(study);
    expect(apply(model, { type: 'move-slice', delta: -1 })).toEqual(model);
    expect(
      apply(model, { type: 'show-series', seriesUid: cine.seriesUid }),
    ).toBe(model);
  });
});

describe('layouts', () => {
  it('fills new viewports with the next series and keeps the first as it was', () => {
    let model = apply(createViewerModel(study), {
      type: 'move-slice',
      delta: 3,
    });
    model = apply(model, { type: 'set-layout', layout: '2x2' });
    expect(model.panes.map((p) => p.seriesUid)).toEqual([
      cine.seriesUid,
      still.seriesUid,
      cine.seriesUid,
      still.seriesUid,
    ]);
    expect(model.panes[0]!.position.slice).toBe(3);
  });

  it('spreads copies of a single stack over base, mid and apex', () => {
    const only = makeStudy([makeCineSeries(12, 20)]);
    const wide = reduceViewer(only, createViewerModel(only), {
      type: 'set-layout',
      layout: '2x2',
    });
    expect(wide.panes.map((p) => p.position.slice)).toEqual([0, 4, 7, 11]);
    const pair = reduceViewer(only, createViewerModel(only), {
      type: 'set-layout',
      layout: '1x2',
    });
    expect(pair.panes.slice(0, 2).map((p) => p.position.slice)).toEqual([0, 6]);
  });

  it('moves only the viewport named by the action', () => {
    let model = apply(createViewerModel(study), {
      type: 'set-layout',
      layout: '1x2',
    });
    model = apply(model, { type: 'move-slice', delta: 1, pane: 1 });
    expect(model.panes[0]!.position.slice).toBe(0);
    expect(model.panes[1]!.position.slice).toBe(1);
  });

  it('keeps the active viewport inside a narrower layout', () => {
    let model = apply(
      createViewerModel(study),
      { type: 'set-layout', layout: '2x2' },
      { type: 'activate', pane: 3 },
    );
    expect(model.active).toBe(3);
    model = apply(model, { type: 'set-layout', layout: '1x1' });
    expect(model.active).toBe(0);
  });
});

describe('the state reported to the service', () => {
  it('numbers slices as the service does, whatever direction the viewer shows', () => {
    const loaded = orientStudy(makeStudy([cine]));
    const model = reduceViewer(loaded.study, createViewerModel(loaded.study), {
      type: 'move-slice',
      delta: 1,
    });
    const state = describeViewerState(loaded, model, [
      { centre: 622, width: 1244, zoom: 1 },
    ]);
    expect(state).toEqual({
      studyUid: '1.2.3',
      layout: '1x1',
      activeViewport: 0,
      viewports: [
        {
          seriesUid: cine.seriesUid,
          sliceIndex: 10,
          phaseIndex: 0,
          windowCentre: 622,
          windowWidth: 1244,
          zoom: 1,
        },
      ],
    });
  });
});
