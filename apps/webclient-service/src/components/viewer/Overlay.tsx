import {
  formatDicomDate,
  formatPersonName,
  type WebSeries,
  type WebStudy,
} from '@atrium/protocol';
import type { StackPosition } from '../../lib/viewer/frame-stack';
import { formatWindow, type PaneReadout } from '../../lib/viewer/readout';
import { formatTimeCounter } from '../../lib/viewer/series-wording';

export type { PaneReadout } from '../../lib/viewer/readout';

/**
 * The text in the corners of a viewport: who and when, which series,
 * where in the stack, and how it is shown.
 */
export function Overlay({
  study,
  series,
  position,
  readout,
  cineFps,
}: {
  study: WebStudy;
  series: WebSeries;
  position: StackPosition;
  readout: PaneReadout;
  cineFps: number | null;
}) {
  const phases = series.slices[position.slice]?.phases.length ?? 1;
  const seriesName = [
    series.seriesNumber !== null ? `#${series.seriesNumber}` : null,
    series.seriesDescription || series.modality,
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div className="overlay" data-testid="overlay">
      <div className="corner tl">
        <div data-field="patient">
          {formatPersonName(study.patientName) || 'Unnamed patient'}
        </div>
        <div>{study.patientId}</div>
        <div data-field="study-date">
          {formatDicomDate(study.studyDateNormalised ?? study.studyDate)}
        </div>
      </div>
      <div className="corner tr">
        <div data-field="series">{seriesName}</div>
        <div>{study.studyDescription}</div>
      </div>
      <div className="corner bl">
        <div data-field="slice">
          Slice {position.slice + 1}/{series.slices.length}
        </div>
        <div data-field="phase">
          {formatTimeCounter(series, position.phase, phases)}
        </div>
        {cineFps !== null ? (
          <div data-field="cine">Cine {cineFps} fps</div>
        ) : null}
      </div>
      <div className="corner br">
        <div data-field="window">
          W/L {formatWindow(readout.width, readout.centre)}
        </div>
        <div data-field="zoom">
          Zoom {readout.zoom === null ? '–' : `${readout.zoom.toFixed(2)}×`}
        </div>
      </div>
    </div>
  );
}
