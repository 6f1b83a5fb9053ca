'use client';

import type { StudyProgressEvent } from '@atrium/protocol';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { getWorkerLink, type LinkError } from '../../lib/viewer/worker-link';
import { StudyProgress } from '../viewer/StudyProgress';

/**
 * Opens a study named by its accession number: the Core Server finds it
 * (retrieving it from the PACS when it does not hold it, with a progress
 * bar meanwhile), then the viewer takes over by Study Instance UID. A study
 * that cannot be found or retrieved returns to the study list with the
 * Core Server's words.
 */
export function LaunchOpener({ accessionNumber }: { accessionNumber: string }) {
  const router = useRouter();
  const [progress, setProgress] = useState<StudyProgressEvent | null>(null);

  useEffect(() => {
    const link = getWorkerLink();
    let cancelled = false;
    // The study's UID is not known yet: any progress now is this study's.
    const stop = link.on('progress', (event) => setProgress(event));

    link.openStudyByAccession(accessionNumber).then(
      (study) => {
        if (cancelled) return;
        router.replace(`/viewer/${encodeURIComponent(study.studyUid)}`);
      },
      (error: LinkError) => {
        if (cancelled) return;
        const message =
          error.code === 'CORE_STUDY_NOT_FOUND'
            ? error.message
            : `The study could not be opened: ${error.message}`;
        router.replace(`/studies?notice=${encodeURIComponent(message)}`);
      },
    );
    return () => {
      cancelled = true;
      stop();
    };
  }, [accessionNumber, router]);

  return (
    <main className="viewer-page" data-testid="launch-opening">
      <StudyProgress progress={progress} />
    </main>
  );
}
