/**
 * What the viewer says about the user's saved measurements of the open
 * study, and why its Save button may be off. Pure.
 */
import { MAX_MEASUREMENTS } from '@atrium/protocol';

/** Where the study's measurements stand. */
export type MeasurementStatus =
  | { state: 'loading' }
  | { state: 'load-failed'; message: string }
  /** As loaded or as last saved; savedAt null when never saved. */
  | { state: 'saved'; savedAt: string | null }
  | { state: 'changed'; savedAt: string | null }
  | { state: 'saving' }
  | { state: 'save-failed'; message: string };

/** How times are shown (the browser's own locale and zone by default). */
export interface TimeStyle {
  now?: Date;
  locale?: string;
  timeZone?: string;
}

/** The status line beside the Save button. */
export function describeMeasurementStatus(
  status: MeasurementStatus,
  style: TimeStyle = {},
): string {
  switch (status.state) {
    case 'loading':
      return 'Loading measurements…';
    case 'load-failed':
      return `Saved measurements could not be loaded: ${status.message}`;
    case 'saved':
      return status.savedAt
        ? `Saved ${formatSavedAt(status.savedAt, style)}`
        : 'No measurements saved';
    case 'changed':
      return status.savedAt
        ? `Unsaved changes (saved ${formatSavedAt(status.savedAt, style)})`
        : 'Unsaved changes';
    case 'saving':
      return 'Saving…';
    case 'save-failed':
      return `Not saved: ${status.message}`;
  }
}

/**
 * Why Save is off, for its tooltip; null when the user can save. A user
 * whose saved set could not be loaded cannot save either: the save would
 * replace the set they have not seen.
 */
export function findSaveBlocker(
  status: MeasurementStatus,
  canSave: boolean,
  count: number,
): string | null {
  if (!canSave) {
    return 'Saving measurements needs the SaveWorkspace permission (the Analyst role); ask your administrator.';
  }
  if (status.state === 'loading') {
    return 'Your saved measurements are still loading.';
  }
  if (status.state === 'load-failed') {
    return 'Your saved measurements could not be loaded; saving now would replace them. Open the study again.';
  }
  if (status.state === 'saving') return 'Saving…';
  if (count > MAX_MEASUREMENTS) {
    return `At most ${MAX_MEASUREMENTS} measurements can be saved on a study; delete ${count - MAX_MEASUREMENTS}.`;
  }
  return null;
}

/** How many lengths there are, in words. */
export function describeCount(count: number): string {
  return count === 1 ? '1 length' : `${count} lengths`;
}

/**
 * A save time in local time: the time of day alone when it is today, else
 * the date as well. An unreadable time is shown as it came.
 */
export function formatSavedAt(iso: string, style: TimeStyle = {}): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const zone = style.timeZone ? { timeZone: style.timeZone } : {};
  const day = new Intl.DateTimeFormat(style.locale, {
    dateStyle: 'medium',
    ...zone,
  });
  const today = day.format(at) === day.format(style.now ?? new Date());
  return new Intl.DateTimeFormat(style.locale, {
    ...(today ? {} : { dateStyle: 'medium' }),
    timeStyle: 'short',
    ...zone,
  }).format(at);
}
