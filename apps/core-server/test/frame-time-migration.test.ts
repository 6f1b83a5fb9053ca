import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../src/db/migrate.js';
import { migrations } from '../src/db/migrations/index.js';
import { openDatabase } from '../src/db/open-database.js';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0))
    rmSync(dir, { recursive: true, force: true });
});

function openVersion3Index() {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-frame-time-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'atrium.sqlite'));
  migrateDatabase(
    db,
    migrations.filter((migration) => migration.version <= 3),
  );
  const now = '2024-01-01T00:00:00Z';
  db.exec(`
    INSERT INTO patients (id, created_at) VALUES (1, '${now}');
    INSERT INTO studies (id, study_uid, patient_pk, import_date, last_write)
      VALUES (1, '1.2', 1, '${now}', '${now}');
    INSERT INTO series (id, series_uid, study_pk, import_date, last_write)
      VALUES (1, '1.2.3', 1, '${now}', '${now}');
    INSERT INTO instances (sop_instance_uid, series_pk, frames,
        has_pixel_data, pixel_status, file_path, file_size, content_sha256,
        import_date, last_write)
      VALUES ('1.2.3.4', 1, 96, 1, 'ok', '/x.dcm', 1, 'ab', '${now}', '${now}');
  `);
  return db;
}

describe('migration 4 (frame time)', () => {
  it('adds an empty frame time to instances indexed before it', () => {
    const db = openVersion3Index();
    const result = migrateDatabase(db);

    expect(result.from).toBe(3);
    expect(result.applied[0]).toBe('frame time of multi-frame instances');
    const row = db
      .prepare('SELECT frames, frame_time_ms FROM instances')
      .get() as { frames: number; frame_time_ms: number | null };
    expect(row).toEqual({ frames: 96, frame_time_ms: null });
    db.close();
  });
});
