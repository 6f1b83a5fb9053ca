import { describe, expect, it } from 'vitest';
import {
  describeCount,
  describeMeasurementStatus,
  findSaveBlocker,
  formatSavedAt,
} from '../src/lib/viewer/measurement-status.js';

const LONDON = {
  locale: 'en-GB',
  timeZone: 'Europe/London',
  now: new Date('2026-03-12T16:30:00Z'),
};

describe('the measurement status line', () => {
  it('shows the time of a save made today, in local time', () => {
    expect(
      describeMeasurementStatus(
        { state: 'saved', savedAt: '2026-03-12T14:02:41.123Z' },
        LONDON,
      ),
    ).toBe('Saved 14:02');
    expect(
      describeMeasurementStatus(
        { state: 'saved', savedAt: '2026-03-12T14:02:41Z' },
        { ...LONDON, timeZone: 'Europe/Berlin' },
      ),
    ).toBe('Saved 15:02');
  });

  it('adds the date to a save made on another day', () => {
    expect(formatSavedAt('2026-03-02T09:15:00Z', LONDON)).toBe(
      '2 Mar 2026, 09:15',
    );
  });

  it('says when nothing was ever saved, and when there are changes since', () => {
    expect(describeMeasurementStatus({ state: 'saved', savedAt: null })).toBe(
      'No measurements saved',
    );
    expect(describeMeasurementStatus({ state: 'changed', savedAt: null })).toBe(
      'Unsaved changes',
    );
    expect(
      describeMeasurementStatus(
        { state: 'changed', savedAt: '2026-03-12T14:02:00Z' },
        LONDON,
      ),
    ).toBe('Unsaved changes (saved 14:02)');
  });

  it('passes on why a save failed', () => {
    expect(
      describeMeasurementStatus({
        state: 'save-failed',
        message:
          'Your roles do not allow this operation (it needs SaveWorkspace)',
      }),
    ).toBe(
      'Not saved: Your roles do not allow this operation (it needs SaveWorkspace)',
    );
  });

  it('shows a time it cannot read as it came', () => {
    expect(formatSavedAt('yesterday', LONDON)).toBe('yesterday');
  });

  it('counts lengths in words', () => {
    expect(describeCount(0)).toBe('0 lengths');
    expect(describeCount(1)).toBe('1 length');
    expect(describeCount(2)).toBe('2 lengths');
  });
});

describe('why Save is off', () => {
  const saved = { state: 'saved', savedAt: null } as const;

  it('is on for a user holding SaveWorkspace once the saved set is loaded', () => {
    expect(findSaveBlocker(saved, true, 3)).toBeNull();
    expect(
      findSaveBlocker({ state: 'changed', savedAt: null }, true, 0),
    ).toBeNull();
    expect(
      findSaveBlocker({ state: 'save-failed', message: 'x' }, true, 1),
    ).toBeNull();
  });

  it('names the permission a Viewer lacks', () => {
    expect(findSaveBlocker(saved, false, 1)).toMatch(/SaveWorkspace/);
  });

  it('waits for the saved set, and stays off when it could not be loaded', () => {
    expect(findSaveBlocker({ state: 'loading' }, true, 0)).toMatch(/loading/);
    expect(
      findSaveBlocker({ state: 'load-failed', message: 'x' }, true, 0),
    ).toMatch(/would replace them/);
    expect(findSaveBlocker({ state: 'saving' }, true, 1)).toBe('Saving…');
  });

  it('asks to delete lengths beyond what a study may hold', () => {
    expect(findSaveBlocker(saved, true, 503)).toBe(
      'At most 500 measurements can be saved on a study; delete 3.',
    );
  });
});
