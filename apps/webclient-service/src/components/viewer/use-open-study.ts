'use client';

import type { StudyProgressEvent } from '@atrium/protocol';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { restoreView, viewKeyOf } from '../../lib/saved-places';
import { registerStudyImages } from '../../lib/viewer/cornerstone-setup';
import {
  createViewerModel,
  orientStudy,
  type OrientedStudy,
  type ViewerModel,
} from '../../lib/viewer/viewer-model';
import { getWorkerLink, type LinkError } from '../../lib/viewer/worker-link';

/** Opens the study through the worker; a study that fails goes back to the list. */
export function useOpenStudy(
  studyUid: string,
  setLoaded: (loaded: OrientedStudy) => void,
  setModel: (model: ViewerModel) => void,
  setProgress: (progress: StudyProgressEvent | null) => void,
) {
  const router = useRouter();

  useEffect(() => {
    const link = getWorkerLink();
    let cancelled = false;
    const stop = link.on('progress', (event) => {
      if (event.studyUid === studyUid) setProgress(event);
    });

    link.openStudy(studyUid).then(
      (study) => {
        if (cancelled) return;
        const oriented = orientStudy(study);
        registerStudyImages(oriented.study);
        setLoaded(oriented);
        // A reload comes back where the user was.
        setModel(
          restoreView(
            oriented.study,
            createViewerModel(oriented.study),
            readSavedView(studyUid),
          ),
        );
        setProgress(null);
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
  }, [studyUid, router, setLoaded, setModel, setProgress]);
}

function readSavedView(studyUid: string): string | null {
  try {
    return window.sessionStorage.getItem(viewKeyOf(studyUid));
  } catch {
    return null;
  }
}
