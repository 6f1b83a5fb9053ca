'use client';

import type { StudyProgressEvent } from '@atrium/protocol';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ShortcutAction } from '../../lib/viewer/shortcuts';
import {
  applyPrimaryTool,
  type PrimaryTool,
} from '../../lib/viewer/tool-modes';
import { useRenderingEngine } from '../../lib/viewer/use-rendering-engine';
import {
  countViewports,
  describeViewerState,
  findSeries,
  reduceViewer,
  type OrientedStudy,
  type ViewerAction,
  type ViewerModel,
} from '../../lib/viewer/viewer-model';
import type { NamedWindow } from '../../lib/viewer/window-presets';
import { getWorkerLink } from '../../lib/viewer/worker-link';
import { HelpPanel } from './HelpPanel';
import { MeasurementControls } from './MeasurementControls';
import { NO_READOUT, type PaneReadout } from '../../lib/viewer/readout';
import { SeriesPanel } from './SeriesPanel';
import { StudyProgress } from './StudyProgress';
import { Toolbar } from './Toolbar';
import { useCine } from './use-cine';
import { useMeasurements } from './use-measurements';
import { useOpenStudy } from './use-open-study';
import { useSessionNews } from './use-session-news';
import { useShortcutKeys } from './use-shortcut-keys';
import { ViewportPane, type PaneHandle } from './ViewportPane';
import { serializeView, viewKeyOf } from '../../lib/saved-places';

/**
 * The study viewer: series thumbnails, toolbar, one to four Cornerstone
 * stack viewports fed by the session's worker, the user's lengths and the
 * help panel. `canSave`: the user holds SaveWorkspace.
 */
export default function Viewer({
  studyUid,
  canSave,
}: {
  studyUid: string;
  canSave: boolean;
}) {
  const link = useMemo(() => getWorkerLink(), []);
  const [loaded, setLoaded] = useState<OrientedStudy | null>(null);
  const [model, setModel] = useState<ViewerModel | null>(null);
  const [progress, setProgress] = useState<StudyProgressEvent | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [primary, setPrimary] = useState<PrimaryTool>('window');
  const [helpOpen, setHelpOpen] = useState(false);
  const [readouts, setReadouts] = useState<PaneReadout[]>([
    NO_READOUT,
    NO_READOUT,
    NO_READOUT,
    NO_READOUT,
  ]);
  const viewerEngine = useRenderingEngine(link, 'window');
  const handles = useRef<(PaneHandle | null)[]>([null, null, null, null]);
  const loadedRef = useRef<OrientedStudy | null>(null);
  loadedRef.current = loaded;

  const dispatch = useCallback((action: ViewerAction) => {
    setModel((current) => {
      const study = loadedRef.current?.study;
      return current && study ? reduceViewer(study, current, action) : current;
    });
  }, []);

  useOpenStudy(studyUid, setLoaded, setModel, setProgress);
  useSessionNews(setBanner, handles);
  useCine(model, dispatch);
  const measurements = useMeasurements(link, loaded?.study ?? null);

  useEffect(() => {
    if (viewerEngine) applyPrimaryTool(viewerEngine.toolGroup, primary);
  }, [viewerEngine, primary]);

  // Remember the place for a reload of this tab.
  useEffect(() => {
    if (!model) return;
    try {
      window.sessionStorage.setItem(viewKeyOf(studyUid), serializeView(model));
    } catch {
      // Storage refused: a reload starts at the first slice.
    }
  }, [model, studyUid]);

  // Tell the service what is on show: its worker prefetches around it and
  // a replacement worker resumes from it.
  useEffect(() => {
    if (loaded && model)
      link.reportState(describeViewerState(loaded, model, readouts));
  }, [link, loaded, model, readouts]);

  const active = model?.panes[model.active] ?? null;
  const activeHandle = () => (model ? handles.current[model.active] : null);
  const presets = useMemo<NamedWindow[]>(
    () => (model ? (handles.current[model.active]?.listPresets() ?? []) : []),
    // The presets follow the frame on show: its readout names the image
    // drawn last, so a new phase with the same window still refreshes them.
    [model?.active, model?.panes, readouts[model?.active ?? 0]],
  );

  const runShortcut = useCallback(
    (action: ShortcutAction) => {
      const handle = model ? handles.current[model.active] : null;
      switch (action.type) {
        case 'move-slice':
        case 'step-phase':
          dispatch(action);
          break;
        case 'toggle-cine':
          dispatch({ type: 'toggle-cine' });
          break;
        case 'fps':
          if (active)
            dispatch({ type: 'set-fps', fps: active.fps + action.delta });
          break;
        case 'zoom':
          handle?.zoomBy(action.factor);
          break;
        case 'reset':
          handle?.reset();
          break;
        case 'preset': {
          const preset = handle?.listPresets()[action.index];
          if (preset) handle?.applyWindow(preset.centre, preset.width);
          break;
        }
        case 'layout':
          dispatch({ type: 'set-layout', layout: action.layout });
          break;
        case 'next-viewport':
          if (model) {
            const count = countViewports(model.layout);
            dispatch({ type: 'activate', pane: (model.active + 1) % count });
          }
          break;
        case 'toggle-length':
          setPrimary((tool) => (tool === 'length' ? 'window' : 'length'));
          break;
        case 'delete-measurement':
          measurements.deleteSelected();
          break;
        case 'help':
          setHelpOpen((open) => !open);
          break;
        case 'close':
          setHelpOpen(false);
          break;
      }
    },
    [active, dispatch, model, measurements],
  );
  useShortcutKeys(runShortcut);

  const study = loaded?.study ?? null;
  const shown = model ? countViewports(model.layout) : 1;
  const onReadout = useMemo(
    () =>
      [0, 1, 2, 3].map(
        (i) => (readout: PaneReadout) =>
          setReadouts((old) => {
            if (old[i] === readout) return old;
            const next = old.slice();
            next[i] = readout;
            return next;
          }),
      ),
    [],
  );
  const onAction = useMemo(
    () =>
      [0, 1, 2, 3].map(
        (i) => (action: ViewerAction) =>
          dispatch({ ...action, pane: i } as ViewerAction),
      ),
    [dispatch],
  );
  const registerHandle = useMemo(
    () =>
      [0, 1, 2, 3].map(
        (i) => (handle: PaneHandle | null) =>
          void (handles.current[i] = handle),
      ),
    [],
  );

  return (
    <div className="viewer-body">
      {study && model ? (
        <SeriesPanel
          link={link}
          series={study.series}
          shownUid={active?.seriesUid ?? null}
          onShow={(seriesUid) => dispatch({ type: 'show-series', seriesUid })}
        />
      ) : null}
      <div className="viewer-main">
        <Toolbar
          layout={model?.layout ?? '1x1'}
          primary={primary}
          pane={active}
          canPlay={Boolean(
            study &&
            active &&
            (findSeries(study, active.seriesUid)?.phaseCount ?? 1) > 1,
          )}
          hasImage={Boolean(
            study &&
            active &&
            (findSeries(study, active.seriesUid)?.slices.length ?? 0) > 0,
          )}
          presets={presets}
          helpOpen={helpOpen}
          onLayout={(layout) => dispatch({ type: 'set-layout', layout })}
          onPrimary={setPrimary}
          onPreset={(p) => activeHandle()?.applyWindow(p.centre, p.width)}
          onZoom={(factor) => activeHandle()?.zoomBy(factor)}
          onReset={() => activeHandle()?.reset()}
          onToggleCine={() => dispatch({ type: 'toggle-cine' })}
          onFps={(fps) => dispatch({ type: 'set-fps', fps })}
          onHelp={() => setHelpOpen((open) => !open)}
        >
          <MeasurementControls
            studyUid={studyUid}
            measurements={measurements}
            canSave={canSave}
          />
        </Toolbar>
        {banner ? (
          <div className="banner" role="status">
            {banner}
          </div>
        ) : null}
        <div
          className={`viewport-grid layout-${model?.layout ?? '1x1'}`}
          style={{ position: 'relative' }}
        >
          {!study ? <StudyProgress progress={progress} /> : null}
          {study && model && viewerEngine
            ? model.panes
                .slice(0, shown)
                .map((pane, i) => (
                  <ViewportPane
                    key={i}
                    index={i}
                    viewerEngine={viewerEngine}
                    link={link}
                    study={study}
                    series={findSeries(study, pane.seriesUid) ?? null}
                    pane={pane}
                    active={i === model.active}
                    onActivate={() => dispatch({ type: 'activate', pane: i })}
                    onAction={onAction[i]!}
                    onReadout={onReadout[i]!}
                    registerHandle={registerHandle[i]!}
                  />
                ))
            : null}
        </div>
      </div>
      {helpOpen ? <HelpPanel onClose={() => setHelpOpen(false)} /> : null}
    </div>
  );
}
