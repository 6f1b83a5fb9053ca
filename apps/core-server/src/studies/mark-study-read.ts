import type { Database } from 'better-sqlite3';

/**
 * Records that a study was opened (its "last read" time). Returns false
 * when the study is not in the image database.
 */
export function markStudyRead(
  db: Database,
  studyUid: string,
  when: Date = new Date(),
): boolean {
  const result = db
    .prepare('UPDATE studies SET last_read = ? WHERE study_uid = ?')
    .run(when.toISOString(), studyUid);
  return result.changes > 0;
}
