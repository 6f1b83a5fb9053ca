import type { RemoteSeries, RemoteStudy } from '@atrium/protocol';
import { coreError } from '../errors.js';
import { normaliseDicomDate } from '../studies/dicom-date.js';
import {
  multiValue,
  personName,
  readText,
  type NaturalDataset,
} from './identifier.js';

/** A QueryDicomNode request, read and checked. */
export interface RemoteQuery {
  level: 'STUDY' | 'SERIES';
  patientName?: string | undefined;
  patientId?: string | undefined;
  accessionNumber?: string | undefined;
  studyUid?: string | undefined;
  studyDateFrom?: string | undefined;
  studyDateTo?: string | undefined;
  modality?: string | undefined;
}

/**
 * The C-FIND identifier of a query: its filters, and the keys whose values
 * the answer should carry (sent empty).
 */
export function buildRemoteIdentifier(query: RemoteQuery): NaturalDataset {
  if (query.level === 'SERIES') {
    if (!query.studyUid) {
      throw coreError(
        'CORE_INVALID_PARAMS',
        'A SERIES level query needs studyUid',
      );
    }
    return {
      StudyInstanceUID: query.studyUid,
      SeriesInstanceUID: '',
      Modality: query.modality ?? '',
      SeriesNumber: '',
      SeriesDescription: '',
      NumberOfSeriesRelatedInstances: '',
    };
  }

  return {
    StudyInstanceUID: query.studyUid ?? '',
    PatientName: query.patientName ? personName(query.patientName) : '',
    PatientID: query.patientId ?? '',
    PatientBirthDate: '',
    PatientSex: '',
    AccessionNumber: query.accessionNumber ?? '',
    StudyDate: dateRange(query.studyDateFrom, query.studyDateTo),
    StudyTime: '',
    StudyDescription: '',
    ModalitiesInStudy: query.modality ?? '',
    NumberOfStudyRelatedSeries: '',
    NumberOfStudyRelatedInstances: '',
  };
}

/** A STUDY level match as the protocol gives it. */
export function toRemoteStudy(match: NaturalDataset): RemoteStudy {
  return {
    studyUid: readText(match.StudyInstanceUID),
    patientName: readText(match.PatientName),
    patientId: readText(match.PatientID),
    patientBirthDate: readText(match.PatientBirthDate),
    patientSex: readText(match.PatientSex),
    accessionNumber: readText(match.AccessionNumber),
    studyDate: readText(match.StudyDate),
    studyTime: readText(match.StudyTime),
    studyDescription: readText(match.StudyDescription),
    modalities: multiValue(readText(match.ModalitiesInStudy)),
    seriesCount: readCount(match.NumberOfStudyRelatedSeries),
    instanceCount: readCount(match.NumberOfStudyRelatedInstances),
  };
}

/** A SERIES level match as the protocol gives it. */
export function toRemoteSeries(match: NaturalDataset): RemoteSeries {
  return {
    studyUid: readText(match.StudyInstanceUID),
    seriesUid: readText(match.SeriesInstanceUID),
    modality: readText(match.Modality),
    seriesNumber: readCount(match.SeriesNumber),
    seriesDescription: readText(match.SeriesDescription),
    instanceCount: readCount(match.NumberOfSeriesRelatedInstances),
  };
}

/** A count from an IS value, or null when the node gave none. */
export function readCount(value: unknown): number | null {
  const text = readText(value);
  if (text === '') return null;
  const number = Number(text);
  return Number.isInteger(number) ? number : null;
}

function dateRange(from: string | undefined, to: string | undefined): string {
  const start = checkDate(from, 'studyDateFrom');
  const end = checkDate(to, 'studyDateTo');
  if (!start && !end) return '';
  return start === end ? start : `${start}-${end}`;
}

function checkDate(value: string | undefined, name: string): string {
  const text = value?.trim() ?? '';
  if (text === '') return '';
  const date = normaliseDicomDate(text);
  if (!date) {
    throw coreError(
      'CORE_INVALID_PARAMS',
      `${name} must be a date written YYYYMMDD or YYYY-MM-DD, not "${text}"`,
    );
  }
  return date;
}
