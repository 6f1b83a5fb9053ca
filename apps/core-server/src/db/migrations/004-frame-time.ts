import type { Migration } from '../migration.js';

/**
 * instances.frame_time_ms: the time between the frames of a multi-frame
 * object as the file asks them to be played (Cine Rate, Recommended Display
 * Frame Rate, Frame Time or Frame Time Vector), so the viewer starts its
 * cine at the series' own rate.
 *
 * Known limit: instances indexed before this migration keep NULL (the
 * viewer's default rate) until they are imported again into a fresh index;
 * the migration does not reread the stored files.
 */
export const frameTimeMigration: Migration = {
  version: 4,
  name: 'frame time of multi-frame instances',
  up(db) {
    db.exec('ALTER TABLE instances ADD COLUMN frame_time_ms REAL');
  },
};
