'use client';

import type { WebSeries } from '@atrium/protocol';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { frameAt, type StackPosition } from '../../lib/viewer/frame-stack';
import type { WorkerLink } from '../../lib/viewer/worker-link';

/** A rendered preview shown until the viewport draws its pixel frame. */
export interface FirstPaint {
  url: string | null;
  /** The viewport has drawn: drop the preview for good. */
  hide: () => void;
}

/**
 * When a series comes into a viewport, asks the worker for a rendered JPEG
 * of the frame on show (small and fast to encode) and shows it until the
 * lossless pixel frame is drawn. A preview that arrives after the drawing
 * is never shown.
 */
export function useFirstPaint(
  link: WorkerLink,
  series: WebSeries | null,
  positionRef: RefObject<StackPosition>,
  elementRef: RefObject<HTMLElement | null>,
): FirstPaint {
  const [url, setUrl] = useState<string | null>(null);
  const drawnRef = useRef(false);

  useEffect(() => {
    drawnRef.current = false;
    const frame = series ? frameAt(series, positionRef.current) : null;
    const element = elementRef.current;
    if (!frame || !element) return;

    const size = Math.max(element.clientWidth, element.clientHeight, 64);
    const pending = link.requestFrame(frame, 'rendered', {
      format: 'jpeg',
      quality: 85,
      maxSize: Math.round(size * window.devicePixelRatio),
    });
    let objectUrl: string | null = null;
    pending.promise.then(
      (rendered) => {
        if (drawnRef.current || rendered.kind !== 'rendered') return;
        const bytes = new Uint8Array(rendered.image);
        objectUrl = URL.createObjectURL(
          new Blob([bytes], { type: 'image/jpeg' }),
        );
        setUrl(objectUrl);
      },
      () => undefined,
    );
    return () => {
      pending.cancel();
      setUrl(null);
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [link, series, positionRef, elementRef]);

  const hide = useMemo(
    () => () => {
      if (drawnRef.current) return;
      drawnRef.current = true;
      setUrl(null);
    },
    [],
  );
  return { url, hide };
}
