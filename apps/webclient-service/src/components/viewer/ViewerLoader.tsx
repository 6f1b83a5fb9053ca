'use client';

import dynamic from 'next/dynamic';

// Cornerstone touches WebGL, workers and `window` as it loads, so the
// viewer is never rendered on the server: it loads in the browser only.
const Viewer = dynamic(() => import('./Viewer'), {
  ssr: false,
  loading: () => <p className="viewport-empty">Loading the viewer…</p>,
});

/** The viewer, loaded in the browser only. */
export function ViewerLoader({
  studyUid,
  canSave,
}: {
  studyUid: string;
  /** The user holds SaveWorkspace (Save measurements is on). */
  canSave: boolean;
}) {
  return <Viewer studyUid={studyUid} canSave={canSave} />;
}
