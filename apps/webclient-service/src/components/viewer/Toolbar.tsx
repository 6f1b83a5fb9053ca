'use client';

import { useEffect, useState, type ReactNode } from 'react';
import {
  LAYOUTS,
  type Layout,
  type PaneModel,
} from '../../lib/viewer/viewer-model';
import { PRIMARY_TOOLS, type PrimaryTool } from '../../lib/viewer/tool-modes';
import { MAX_CINE_FPS, MIN_CINE_FPS } from '../../lib/viewer/frame-stack';
import { readFpsInput } from '../../lib/viewer/fps-input';
import { formatWindow } from '../../lib/viewer/readout';
import type { NamedWindow } from '../../lib/viewer/window-presets';

const LAYOUT_LABELS: Record<Layout, string> = {
  '1x1': '1×1',
  '1x2': '1×2',
  '2x2': '2×2',
};
const TOOL_LABELS: Record<PrimaryTool, string> = {
  window: 'W/L',
  pan: 'Pan',
  zoom: 'Zoom',
  length: 'Length',
};

/**
 * The viewer's buttons; each acts on the active viewport. `children` (the
 * measurement controls) come before Help.
 */
export function Toolbar({
  layout,
  primary,
  pane,
  canPlay,
  hasImage,
  presets,
  helpOpen,
  onLayout,
  onPrimary,
  onPreset,
  onZoom,
  onReset,
  onToggleCine,
  onFps,
  onHelp,
  children,
}: {
  layout: Layout;
  primary: PrimaryTool;
  pane: PaneModel | null;
  canPlay: boolean;
  /** False for a series with nothing to draw: the image tools are off. */
  hasImage: boolean;
  presets: NamedWindow[];
  helpOpen: boolean;
  onLayout: (layout: Layout) => void;
  onPrimary: (tool: PrimaryTool) => void;
  onPreset: (preset: NamedWindow) => void;
  onZoom: (factor: number) => void;
  onReset: () => void;
  onToggleCine: () => void;
  onFps: (fps: number) => void;
  onHelp: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Viewer tools">
      <div className="group" role="group" aria-label="Layout">
        {LAYOUTS.map((l) => (
          <button
            key={l}
            type="button"
            aria-pressed={layout === l}
            onClick={() => onLayout(l)}
          >
            {LAYOUT_LABELS[l]}
          </button>
        ))}
      </div>

      <div className="group" role="group" aria-label="Left mouse button">
        {PRIMARY_TOOLS.map((tool) => (
          <button
            key={tool}
            type="button"
            aria-pressed={primary === tool}
            disabled={!hasImage}
            onClick={() => onPrimary(tool)}
          >
            {TOOL_LABELS[tool]}
          </button>
        ))}
      </div>

      <div className="group">
        <label>
          <span className="visually-hidden">Window preset</span>
          <select
            aria-label="Window preset"
            disabled={!hasImage}
            value=""
            onChange={(e) => {
              const preset = presets[Number(e.target.value)];
              if (preset) onPreset(preset);
            }}
          >
            <option value="">Window preset…</option>
            {presets.map((p, i) => (
              <option key={`${p.label}-${i}`} value={i}>
                {i < 9 ? `${i + 1} · ` : ''}
                {p.label} ({formatWindow(p.width, p.centre)})
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => onZoom(1.25)}
          aria-label="Zoom in"
          disabled={!hasImage}
        >
          +
        </button>
        <button
          type="button"
          onClick={() => onZoom(0.8)}
          aria-label="Zoom out"
          disabled={!hasImage}
        >
          −
        </button>
        <button type="button" onClick={onReset} disabled={!hasImage}>
          Reset
        </button>
      </div>

      <div className="group" role="group" aria-label="Cine">
        <button
          type="button"
          onClick={onToggleCine}
          disabled={!canPlay}
          aria-pressed={Boolean(pane?.playing)}
        >
          {pane?.playing ? 'Pause' : 'Play'}
        </button>
        <FpsBox fps={pane && hasImage ? pane.fps : null} onFps={onFps} />
      </div>

      {children}

      <div className="group">
        <button type="button" aria-pressed={helpOpen} onClick={onHelp}>
          Help
        </button>
      </div>
    </div>
  );
}

/**
 * The cine rate box. What is typed is kept as typed until it is a rate in
 * range (applied at once) or the box is left or Enter pressed (then an
 * out-of-range rate is clamped, and text that is no number goes back to
 * the current rate); the hint says why.
 */
function FpsBox({
  fps,
  onFps,
}: {
  fps: number | null;
  onFps: (fps: number) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);

  // A rate set elsewhere ([ and ], a new series) replaces the draft.
  useEffect(() => setDraft(null), [fps]);

  const commit = () => {
    if (draft === null) return;
    const reading = readFpsInput(draft);
    if (reading.fps !== null) onFps(reading.fps);
    setDraft(null);
  };

  return (
    <label className="fps-box">
      <input
        type="number"
        aria-label="Cine frames per second"
        aria-invalid={hint !== null}
        aria-describedby={hint ? 'fps-hint' : undefined}
        min={MIN_CINE_FPS}
        max={MAX_CINE_FPS}
        step={1}
        value={draft ?? (fps === null ? '' : String(fps))}
        disabled={fps === null}
        onChange={(e) => {
          const text = e.target.value;
          const reading = readFpsInput(text);
          setHint(reading.hint);
          if (reading.hint === null && reading.fps !== null) {
            onFps(reading.fps);
            setDraft(null);
            return;
          }
          setDraft(text);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />{' '}
      fps
      {hint ? (
        <span id="fps-hint" className="field-hint" role="status">
          {hint}
        </span>
      ) : null}
    </label>
  );
}
