'use client';

import type { WebStudy } from '@atrium/protocol';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MeasurementStatus } from '../../lib/viewer/measurement-status';
import { StudyMeasurements } from '../../lib/viewer/study-measurements';
import type { LinkError, WorkerLink } from '../../lib/viewer/worker-link';

/** The open study's lengths as the toolbar shows and saves them. */
export interface MeasurementsControl {
  status: MeasurementStatus;
  /** Lengths Save would send. */
  count: number;
  /** Lengths selected (picked with the mouse), which Delete removes. */
  selected: number;
  save(): void;
  /** Deletes the selected lengths. */
  deleteSelected(): void;
}

/**
 * Loads the user's saved lengths when a study opens, draws them again on
 * their frames, follows the user's edits and saves on request.
 */
export function useMeasurements(
  link: WorkerLink,
  study: WebStudy | null,
): MeasurementsControl {
  const [status, setStatus] = useState<MeasurementStatus>({
    state: 'loading',
  });
  const [count, setCount] = useState(0);
  const [selected, setSelected] = useState(0);
  const measurements = useRef<StudyMeasurements | null>(null);
  const savedAt = useRef<string | null>(null);
  /** Edits so far: a save or load tells whether any came after it began. */
  const edits = useRef(0);

  useEffect(() => {
    if (!study) return;
    const current = new StudyMeasurements(study);
    measurements.current = current;
    let live = true;
    setStatus({ state: 'loading' });
    setCount(0);
    setSelected(0);

    const stopSelection = current.onSelectionChange(() =>
      setSelected(current.selectedCount),
    );
    const stop = current.onChange(() => {
      edits.current += 1;
      setCount(current.count);
      setStatus((old) => (STICKY.has(old.state) ? old : changedSince()));
    });
    const changedSince = (): MeasurementStatus => ({
      state: 'changed',
      savedAt: savedAt.current,
    });
    const editsBefore = edits.current;
    link.listMeasurements(study.studyUid).then(
      (list) => {
        if (!live) return;
        current.load(list.measurements);
        savedAt.current = list.savedAt;
        setCount(current.count);
        setStatus(
          edits.current === editsBefore
            ? { state: 'saved', savedAt: list.savedAt }
            : changedSince(),
        );
      },
      (error: LinkError) => {
        if (live) setStatus({ state: 'load-failed', message: error.message });
      },
    );
    return () => {
      live = false;
      stop();
      stopSelection();
      current.dispose();
      if (measurements.current === current) measurements.current = null;
    };
  }, [link, study]);

  const save = useCallback(() => {
    const current = measurements.current;
    if (!current || !study) return;
    setStatus({ state: 'saving' });
    const editsBefore = edits.current;
    link.saveMeasurements(study.studyUid, current.collect()).then(
      (result) => {
        if (measurements.current !== current) return;
        savedAt.current = result.savedAt;
        // An edit made while the save travelled is not in it.
        const state = edits.current === editsBefore ? 'saved' : 'changed';
        setStatus({ state, savedAt: result.savedAt });
      },
      (error: LinkError) => {
        if (measurements.current !== current) return;
        setStatus({ state: 'save-failed', message: error.message });
      },
    );
  }, [link, study]);

  const deleteSelected = useCallback(() => {
    measurements.current?.deleteSelected();
  }, []);

  return useMemo(
    () => ({ status, count, selected, save, deleteSelected }),
    [status, count, selected, save, deleteSelected],
  );
}

/**
 * States an edit does not replace: while loading or saving (the answer
 * then tells whether edits came meanwhile), and after a failed load (Save
 * stays off, or it would replace the set the user has not seen).
 */
const STICKY = new Set<MeasurementStatus['state']>([
  'loading',
  'load-failed',
  'saving',
]);
