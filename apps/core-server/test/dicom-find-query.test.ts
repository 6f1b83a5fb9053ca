import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { findMatches, FindQueryError } from '../src/dicom-net/find-query.js';
import { selectInstances } from '../src/dicom-net/stored-instances.js';
import { importPaths } from '../src/import/import-paths.js';
import { makeSyntheticInstance } from './support/synthetic-dicom.js';
import { cleanUp, makeTempDir, openTempContext } from './support/temp-core.js';

const STUDIES = [
  {
    uid: '1.9.1',
    name: 'Doe^John',
    id: 'P-100',
    date: '20200115',
    modality: 'MR',
    images: 2,
  },
  {
    uid: '1.9.2',
    name: 'Müller^Anna',
    id: 'P-200',
    date: '20210301',
    modality: 'CT',
    images: 1,
  },
  {
    uid: '1.9.3',
    name: 'Roe^Richard',
    id: 'Q-300',
    date: '',
    modality: 'MR',
    images: 1,
  },
];

let db: Database;

beforeAll(async () => {
  const source = makeTempDir();
  for (const study of STUDIES) {
    for (let n = 1; n <= study.images; n += 1) {
      const bytes = makeSyntheticInstance({
        sopInstanceUid: `${study.uid}.1.${n}`,
        studyUid: study.uid,
        seriesUid: `${study.uid}.1`,
        patientName: study.name,
        patientId: study.id,
        studyDate: study.date,
        accessionNumber: `ACC-${study.id}`,
        modality: study.modality,
      });
      writeFileSync(join(source, `${study.id}-${n}.dcm`), bytes);
    }
  }
  const ctx = openTempContext();
  await importPaths(ctx, [source]);
  db = ctx.db;
});

afterAll(cleanUp);

function studyUids(identifier: Record<string, unknown>, limit = 10): string[] {
  return findMatches(
    db,
    'STUDY',
    { StudyInstanceUID: '', ...identifier },
    limit,
  )
    .matches.map((m) => m.StudyInstanceUID as string)
    .sort();
}

describe('C-FIND matching on the image index', () => {
  it('matches person names by wildcard and component, without regard to case', () => {
    expect(studyUids({ PatientName: [{ Alphabetic: 'doe*' }] })).toEqual([
      '1.9.1',
    ]);
    expect(studyUids({ PatientName: [{ Alphabetic: 'anna' }] })).toEqual([
      '1.9.2',
    ]);
  });

  it('matches texts with * and ?, and empty values match everything', () => {
    expect(studyUids({ PatientID: 'P-?00' })).toEqual(['1.9.1', '1.9.2']);
    expect(studyUids({ PatientID: '', AccessionNumber: '' })).toHaveLength(3);
  });

  it('matches lists of UIDs', () => {
    expect(studyUids({ StudyInstanceUID: '1.9.1\\1.9.3' })).toEqual([
      '1.9.1',
      '1.9.3',
    ]);
  });

  it('matches date ranges open at either end, and refuses a date that is not one', () => {
    expect(studyUids({ StudyDate: '20200101-' })).toEqual(['1.9.1', '1.9.2']);
    expect(studyUids({ StudyDate: '-20201231' })).toEqual(['1.9.1']);
    expect(studyUids({ StudyDate: '20210301' })).toEqual(['1.9.2']);
    expect(() => studyUids({ StudyDate: '20211301' })).toThrow(FindQueryError);
  });

  it('matches modalities in a study', () => {
    expect(studyUids({ ModalitiesInStudy: 'CT' })).toEqual(['1.9.2']);
  });

  it('returns what was asked, echoes unknown keys empty, and names the character set', () => {
    const { matches } = findMatches(
      db,
      'STUDY',
      {
        StudyInstanceUID: '1.9.2',
        PatientName: '',
        NumberOfStudyRelatedInstances: null,
        OtherPatientIDs: '',
      },
      10,
    );
    // The name as the index holds it (the synthetic file names no
    // character set, so its UTF-8 bytes were read as the default one).
    const stored = db
      .prepare("SELECT patient_name FROM patients WHERE patient_id = 'P-200'")
      .pluck()
      .get() as string;
    expect([...stored].some((ch) => ch.charCodeAt(0) > 0x7f)).toBe(true);
    expect(matches).toEqual([
      {
        StudyInstanceUID: '1.9.2',
        PatientName: [{ Alphabetic: stored }],
        NumberOfStudyRelatedInstances: 1,
        OtherPatientIDs: '',
        SpecificCharacterSet: 'ISO_IR 192',
      },
    ]);
  });

  it('stops at the limit and says so', () => {
    const found = findMatches(db, 'STUDY', { StudyInstanceUID: '' }, 2);
    expect(found.matches).toHaveLength(2);
    expect(found.truncated).toBe(true);
  });

  it('answers at PATIENT, SERIES and IMAGE level', () => {
    const patients = findMatches(
      db,
      'PATIENT',
      { PatientID: 'P-100', NumberOfPatientRelatedInstances: null },
      10,
    );
    expect(patients.matches).toEqual([
      { PatientID: 'P-100', NumberOfPatientRelatedInstances: 2 },
    ]);

    const images = findMatches(
      db,
      'IMAGE',
      {
        SeriesInstanceUID: '1.9.1.1',
        SOPInstanceUID: '',
        InstanceNumber: null,
      },
      10,
    );
    expect(images.matches.map((m) => m.SOPInstanceUID).sort()).toEqual([
      '1.9.1.1.1',
      '1.9.1.1.2',
    ]);
    expect(images.matches[0]).toHaveProperty('StudyInstanceUID', '1.9.1');
  });
});

describe('the instances a retrieve names', () => {
  it('selects them by the unique keys down to the level asked', () => {
    const study = selectInstances(db, 'STUDY', { StudyInstanceUID: '1.9.1' });
    expect(study.map((i) => i.sopInstanceUid)).toEqual([
      '1.9.1.1.1',
      '1.9.1.1.2',
    ]);
    expect(study[0]!.filePath).toMatch(/\.dcm$/);

    const image = selectInstances(db, 'IMAGE', {
      StudyInstanceUID: '1.9.1',
      SOPInstanceUID: '1.9.1.1.2',
    });
    expect(image.map((i) => i.sopInstanceUid)).toEqual(['1.9.1.1.2']);
  });

  it('refuses a retrieve without the unique key of its level', () => {
    expect(() =>
      selectInstances(db, 'SERIES', { StudyInstanceUID: '1.9.1' }),
    ).toThrow(/SeriesInstanceUID/);
  });
});
