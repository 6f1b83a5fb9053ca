import type { Database } from 'better-sqlite3';
import type { InstanceLocation, PixelStatus } from './study-types.js';

interface LocationRow {
  sop_instance_uid: string;
  sop_class_uid: string;
  series_uid: string;
  study_uid: string;
  file_path: string;
  file_size: number;
  frames: number;
  transfer_syntax_uid: string;
  rows: number | null;
  columns: number | null;
  has_pixel_data: number;
  pixel_status: PixelStatus;
  pixel_status_reason: string | null;
}

/**
 * Finds where an instance is stored, with its study and series UIDs so the
 * caller can check the user's rights before reading the file. Returns null
 * when no instance has that SOP Instance UID.
 */
export function findInstance(
  db: Database,
  sopInstanceUid: string,
): InstanceLocation | null {
  const row = db
    .prepare(
      `SELECT i.sop_instance_uid, i.sop_class_uid, se.series_uid,
              s.study_uid, i.file_path, i.file_size, i.frames,
              i.transfer_syntax_uid, i.rows, i.columns, i.has_pixel_data,
              i.pixel_status, i.pixel_status_reason
       FROM instances i
       JOIN series se ON se.id = i.series_pk
       JOIN studies s ON s.id = se.study_pk
       WHERE i.sop_instance_uid = ?`,
    )
    .get(sopInstanceUid) as LocationRow | undefined;
  if (!row) return null;

  return {
    sopInstanceUid: row.sop_instance_uid,
    sopClassUid: row.sop_class_uid,
    seriesUid: row.series_uid,
    studyUid: row.study_uid,
    filePath: row.file_path,
    fileSize: row.file_size,
    frames: row.frames,
    transferSyntaxUid: row.transfer_syntax_uid,
    rows: row.rows,
    columns: row.columns,
    hasPixelData: row.has_pixel_data === 1,
    pixelStatus: row.pixel_status,
    pixelStatusReason: row.pixel_status_reason,
  };
}
