'use client';

import {
  describeCount,
  describeMeasurementStatus,
  findSaveBlocker,
} from '../../lib/viewer/measurement-status';
import type { MeasurementsControl } from './use-measurements';

/**
 * Save for the study's lengths with its status ("Saved 14:02", or why it
 * failed), and the link to the study's report page in a new tab.
 */
export function MeasurementControls({
  studyUid,
  measurements,
  canSave,
}: {
  studyUid: string;
  measurements: MeasurementsControl;
  /** The user holds SaveWorkspace. */
  canSave: boolean;
}) {
  const { status, count, selected, save, deleteSelected } = measurements;
  const blocker = findSaveBlocker(status, canSave, count);
  const failed =
    status.state === 'save-failed' || status.state === 'load-failed';

  return (
    <div className="group" role="group" aria-label="Measurements">
      {/* A disabled button takes no pointer events: its wrapper shows why. */}
      <span className="save-measurements" title={blocker ?? undefined}>
        <button
          type="button"
          onClick={save}
          disabled={blocker !== null}
          aria-describedby={blocker ? 'save-blocker' : undefined}
          title={blocker ? undefined : 'Save every length of this study'}
        >
          Save measurements
        </button>
        {/* A missing permission lasts the session: it is said where it
            shows; passing reasons (loading) stay in the tooltip. */}
        {blocker ? (
          <span
            id="save-blocker"
            className={canSave ? 'visually-hidden' : 'save-note'}
          >
            {blocker}
          </span>
        ) : null}
      </span>
      <button
        type="button"
        onClick={deleteSelected}
        disabled={selected === 0}
        title="Delete the selected length (Delete key); pick a length with the mouse first"
      >
        Delete length
      </button>
      <span className="measurement-count" data-testid="measurement-count">
        {describeCount(count)}
      </span>
      <span
        className={`measurement-status${failed ? ' failed' : ''}`}
        role="status"
        data-testid="measurement-status"
      >
        {describeMeasurementStatus(status)}
      </span>
      <a
        className="button-link"
        href={`/report/study/${encodeURIComponent(studyUid)}`}
        target="_blank"
        rel="noopener"
      >
        Report
      </a>
    </div>
  );
}
