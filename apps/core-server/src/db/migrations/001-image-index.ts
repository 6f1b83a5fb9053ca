import type { Migration } from '../migration.js';

/**
 * The image index: patients, studies, series and instances as found in the
 * imported DICOM files. Values are kept as found (a study date of 20120000
 * stays '20120000'); the *_sort columns hold a normalised YYYYMMDD date or
 * NULL when the value is not a valid date. UIDs are opaque text. Vectors
 * (image position, orientation, pixel spacing) are JSON arrays of numbers.
 *
 * Known limits: a patient is one row per (PatientID, PatientName, birth
 * date) exactly as found, so the same person spelled two ways is two
 * patients; instances.file_path is absolute, so moving ImageDBPath means
 * rewriting those paths.
 */
export const imageIndexMigration: Migration = {
  version: 1,
  name: 'image index',
  up(db) {
    db.exec(`
      CREATE TABLE patients (
        id INTEGER PRIMARY KEY,
        patient_id TEXT NOT NULL DEFAULT '',
        patient_name TEXT NOT NULL DEFAULT '',
        birth_date TEXT NOT NULL DEFAULT '',
        birth_date_sort TEXT,
        sex TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        UNIQUE (patient_id, patient_name, birth_date)
      );
      CREATE INDEX patients_by_name ON patients (patient_name COLLATE NOCASE);
      CREATE INDEX patients_by_id ON patients (patient_id COLLATE NOCASE);

      CREATE TABLE studies (
        id INTEGER PRIMARY KEY,
        study_uid TEXT NOT NULL UNIQUE,
        patient_pk INTEGER NOT NULL REFERENCES patients (id),
        study_id TEXT NOT NULL DEFAULT '',
        accession_number TEXT NOT NULL DEFAULT '',
        study_date TEXT NOT NULL DEFAULT '',
        study_date_sort TEXT,
        study_time TEXT NOT NULL DEFAULT '',
        study_description TEXT NOT NULL DEFAULT '',
        referring_physician TEXT NOT NULL DEFAULT '',
        institution_name TEXT NOT NULL DEFAULT '',
        modalities TEXT NOT NULL DEFAULT '',
        series_count INTEGER NOT NULL DEFAULT 0,
        instance_count INTEGER NOT NULL DEFAULT 0,
        size_bytes INTEGER NOT NULL DEFAULT 0,
        import_date TEXT NOT NULL,
        last_write TEXT NOT NULL,
        last_read TEXT
      );
      CREATE INDEX studies_by_patient ON studies (patient_pk);
      CREATE INDEX studies_by_date ON studies (study_date_sort, study_time);
      CREATE INDEX studies_by_accession
        ON studies (accession_number COLLATE NOCASE);
      CREATE INDEX studies_by_import ON studies (import_date);

      CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        series_uid TEXT NOT NULL UNIQUE,
        study_pk INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
        modality TEXT NOT NULL DEFAULT '',
        series_number INTEGER,
        series_description TEXT NOT NULL DEFAULT '',
        series_date TEXT NOT NULL DEFAULT '',
        series_time TEXT NOT NULL DEFAULT '',
        body_part TEXT NOT NULL DEFAULT '',
        protocol_name TEXT NOT NULL DEFAULT '',
        manufacturer TEXT NOT NULL DEFAULT '',
        model_name TEXT NOT NULL DEFAULT '',
        institution_name TEXT NOT NULL DEFAULT '',
        frame_of_reference_uid TEXT NOT NULL DEFAULT '',
        instance_count INTEGER NOT NULL DEFAULT 0,
        import_date TEXT NOT NULL,
        last_write TEXT NOT NULL
      );
      CREATE INDEX series_by_study ON series (study_pk, modality);
      CREATE INDEX series_by_modality ON series (modality);

      CREATE TABLE instances (
        id INTEGER PRIMARY KEY,
        sop_instance_uid TEXT NOT NULL UNIQUE,
        series_pk INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
        sop_class_uid TEXT NOT NULL DEFAULT '',
        transfer_syntax_uid TEXT NOT NULL DEFAULT '',
        instance_number INTEGER,
        rows INTEGER,
        columns INTEGER,
        frames INTEGER NOT NULL DEFAULT 1,
        bits_allocated INTEGER,
        photometric_interpretation TEXT NOT NULL DEFAULT '',
        image_position TEXT,
        image_orientation TEXT,
        slice_location REAL,
        slice_thickness REAL,
        trigger_time REAL,
        cardiac_number_of_images INTEGER,
        pixel_spacing TEXT,
        window_center REAL,
        window_width REAL,
        rescale_slope REAL,
        rescale_intercept REAL,
        has_pixel_data INTEGER NOT NULL,
        pixel_status TEXT NOT NULL
          CHECK (pixel_status IN ('ok', 'flagged', 'none')),
        pixel_status_reason TEXT,
        file_path TEXT NOT NULL,
        file_size INTEGER NOT NULL,
        content_sha256 TEXT NOT NULL,
        import_date TEXT NOT NULL,
        last_write TEXT NOT NULL
      );
      CREATE INDEX instances_by_series ON instances (series_pk, instance_number);
    `);
  },
};
