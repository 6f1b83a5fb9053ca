'use client';

import type { WebSeries } from '@atrium/protocol';
import { useEffect, useState } from 'react';
import { describeSeriesSize } from '../../lib/viewer/series-wording';
import type { WorkerLink } from '../../lib/viewer/worker-link';

const THUMB_SIZE = 128;

/** The series of the study as thumbnails; a click shows one in the active viewport. */
export function SeriesPanel({
  link,
  series,
  shownUid,
  onShow,
}: {
  link: WorkerLink;
  series: WebSeries[];
  shownUid: string | null;
  onShow: (seriesUid: string) => void;
}) {
  return (
    <nav className="series-panel" aria-label="Series">
      {series.map((s) => (
        <button
          key={s.seriesUid}
          type="button"
          className="series-thumb"
          aria-current={s.seriesUid === shownUid}
          onClick={() => onShow(s.seriesUid)}
          title={s.seriesDescription}
        >
          <Thumbnail link={link} series={s} />
          <span className="thumb-label">
            {s.seriesNumber !== null ? `${s.seriesNumber} · ` : ''}
            {s.seriesDescription || s.modality}
          </span>
          <span className="thumb-label">{describeSeriesSize(s)}</span>
        </button>
      ))}
    </nav>
  );
}

/** A rendered frame from the middle of the series, made by the worker. */
function Thumbnail({ link, series }: { link: WorkerLink; series: WebSeries }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const middle = series.slices[Math.floor(series.slices.length / 2)];
    const frame = middle?.phases[0];
    if (!frame) return;

    let objectUrl: string | null = null;
    const pending = link.requestFrame(frame, 'rendered', {
      format: 'jpeg',
      quality: 80,
      maxSize: THUMB_SIZE,
    });
    pending.promise.then(
      (rendered) => {
        if (rendered.kind !== 'rendered') return;
        const bytes = new Uint8Array(rendered.image);
        objectUrl = URL.createObjectURL(
          new Blob([bytes], { type: 'image/jpeg' }),
        );
        setUrl(objectUrl);
      },
      () => setFailed(true),
    );
    return () => {
      pending.cancel();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [link, series]);

  if (series.slices.length === 0) {
    return <span className="thumb-image thumb-none">No image</span>;
  }
  return (
    <span className="thumb-image">
      {url ? <img src={url} alt="" /> : failed ? 'No preview' : '…'}
    </span>
  );
}
