import type { Database } from 'better-sqlite3';
import type { ListMeasurementsResult, Measurement } from '@atrium/protocol';

/** The measurements a user saved on a study; none when never saved. */
export function readMeasurements(
  db: Database,
  userId: string,
  studyUid: string,
): ListMeasurementsResult {
  const row = db
    .prepare(
      `SELECT measurements, saved_at FROM workspaces
       WHERE user_id = ? AND study_uid = ?`,
    )
    .get(userId, studyUid) as
    { measurements: string; saved_at: string } | undefined;
  if (!row) return { measurements: [], savedAt: null };
  return {
    measurements: JSON.parse(row.measurements) as Measurement[],
    savedAt: row.saved_at,
  };
}

/** Replaces a user's measurements on a study; returns when. */
export function writeMeasurements(
  db: Database,
  userId: string,
  studyUid: string,
  measurements: readonly Measurement[],
  now = new Date(),
): string {
  const savedAt = now.toISOString();
  db.prepare(
    `INSERT INTO workspaces (user_id, study_uid, measurements, saved_at)
     VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, study_uid) DO UPDATE
       SET measurements = excluded.measurements, saved_at = excluded.saved_at`,
  ).run(userId, studyUid, JSON.stringify(measurements), savedAt);
  return savedAt;
}

/**
 * Which of the SOP Instance UIDs are not instances of the study (so a
 * measurement cannot be filed under a study it was not made on).
 */
export function findForeignInstances(
  db: Database,
  studyUid: string,
  sopInstanceUids: readonly string[],
): string[] {
  const query = db.prepare(
    `SELECT 1 FROM instances i
       JOIN series s ON s.id = i.series_pk
       JOIN studies st ON st.id = s.study_pk
     WHERE i.sop_instance_uid = ? AND st.study_uid = ?`,
  );
  return [...new Set(sopInstanceUids)].filter(
    (uid) => query.get(uid, studyUid) === undefined,
  );
}

/** Whether the image database holds the study. */
export function hasStudy(db: Database, studyUid: string): boolean {
  return (
    db.prepare('SELECT 1 FROM studies WHERE study_uid = ?').get(studyUid) !==
    undefined
  );
}
