import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Anonymizer,
  DEFAULT_ANONYMOUS_NAME,
  loadDeidentifySecret,
} from '../src/dicom-net/anonymizer.js';
import { Dataset } from '../src/dicom-net/dimse.js';
import { cleanUp, makeTempDir, sunnybrookDir } from './support/temp-core.js';

afterEach(cleanUp);

const SECRET = Buffer.alloc(32, 7);

function readStack(name = '1.dcm'): Record<string, unknown> {
  return Dataset.fromFile(join(sunnybrookDir(), name))!.getElements();
}

describe('the anonymiser', () => {
  it('replaces the patient, removes identifying and private attributes', () => {
    const elements = readStack();
    expect(elements.DeviceSerialNumber).toBeDefined();
    new Anonymizer(SECRET, 'RESEARCH^CASE').apply(elements);

    expect(elements.PatientName).toEqual([{ Alphabetic: 'RESEARCH^CASE' }]);
    expect(elements.PatientID).toMatch(/^ANON-[0-9A-F]{12}$/);
    expect(elements.PatientIdentityRemoved).toBe('YES');
    for (const removed of [
      'DeviceSerialNumber',
      'ReferencedStudySequence',
      'ReferencedPatientSequence',
      'SeriesDate',
      'AcquisitionTime',
    ]) {
      expect(elements, removed).not.toHaveProperty(removed);
    }
    expect(elements.StudyDate).toBe('');
    expect(elements.PatientBirthDate).toBe('');
    // Private attributes and group lengths come as tag keys; none is left.
    expect(
      Object.keys(elements).filter((k) => /^[0-9A-F]{8}$/i.test(k)),
    ).toEqual([]);
    // What the images need stays.
    expect(elements.Rows).toBe(256);
    expect(elements.ImagePositionPatient).toBeDefined();
    expect(elements.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.4');
  });

  it('maps every instance UID to the same new UID each time', () => {
    const anonymizer = new Anonymizer(SECRET, '');
    const first = readStack('1.dcm');
    const second = readStack('2.dcm');
    const studyUid = first.StudyInstanceUID as string;
    const frameOfReference = first.FrameOfReferenceUID as string;
    anonymizer.apply(first);
    anonymizer.apply(second);

    expect(first.StudyInstanceUID).toBe(anonymizer.mapUid(studyUid));
    expect(first.StudyInstanceUID).toMatch(/^2\.25\.\d{1,39}$/);
    expect(first.StudyInstanceUID).toBe(second.StudyInstanceUID);
    expect(first.SeriesInstanceUID).toBe(second.SeriesInstanceUID);
    expect(first.FrameOfReferenceUID).toBe(anonymizer.mapUid(frameOfReference));
    expect(first.SOPInstanceUID).not.toBe(second.SOPInstanceUID);
    expect(first.PatientName).toEqual([{ Alphabetic: DEFAULT_ANONYMOUS_NAME }]);
  });

  it('maps UIDs inside sequences and leaves class UIDs alone', () => {
    const anonymizer = new Anonymizer(SECRET, 'X');
    const elements: Record<string, unknown> = {
      SourceImageSequence: [
        {
          ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.4',
          ReferencedSOPInstanceUID: '1.2.3.4.5',
        },
      ],
    };
    anonymizer.apply(elements);
    const [item] = elements.SourceImageSequence as Record<string, unknown>[];
    expect(item!.ReferencedSOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.4');
    expect(item!.ReferencedSOPInstanceUID).toBe(anonymizer.mapUid('1.2.3.4.5'));
  });

  it('gives other installations other UIDs', () => {
    const here = new Anonymizer(SECRET, '').mapUid('1.2.3');
    const there = new Anonymizer(Buffer.alloc(32, 8), '').mapUid('1.2.3');
    expect(here).not.toBe(there);
  });

  it('keeps its secret in a file only the server may read', async () => {
    const path = join(makeTempDir(), 'keys', 'deidentify.key');
    const made = await loadDeidentifySecret(path);
    expect(made).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await loadDeidentifySecret(path)).toEqual(made);
  });
});
