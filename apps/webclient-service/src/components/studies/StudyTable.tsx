'use client';

import {
  formatDicomDate,
  formatPersonName,
  type StudySortKey,
  type StudySummary,
} from '@atrium/protocol';
import type { KeyboardEvent } from 'react';
import type { StudySearch } from '../../lib/study-query';

const COLUMNS: { label: string; sort?: StudySortKey }[] = [
  { label: 'Patient name', sort: 'name' },
  { label: 'Patient ID', sort: 'id' },
  { label: 'Study date', sort: 'date' },
  { label: 'Accession', sort: 'accession' },
  { label: 'Modality', sort: 'modality' },
  { label: 'Description' },
  { label: 'Series' },
  { label: 'Images' },
];

/** The rows of one page of the study list; a row opens its study. */
export function StudyTable({
  studies,
  loading,
  search,
  onSort,
  onOpen,
}: {
  studies: StudySummary[];
  loading: boolean;
  search: StudySearch;
  onSort: (column: StudySortKey) => void;
  onOpen: (studyUid: string) => void;
}) {
  function openOnEnter(event: KeyboardEvent, studyUid: string) {
    if (event.key === 'Enter') onOpen(studyUid);
  }

  return (
    <table className="study-table" aria-busy={loading}>
      <thead>
        <tr>
          {COLUMNS.map(({ label, sort }) => (
            <th key={label} aria-sort={sortState(search, sort)}>
              {sort ? (
                <button type="button" onClick={() => onSort(sort)}>
                  {label}
                  {search.sortBy === sort
                    ? search.sortOrder === 'asc'
                      ? ' ▲'
                      : ' ▼'
                    : ''}
                </button>
              ) : (
                label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {studies.map((study) => (
          <tr
            key={study.studyUid}
            data-testid="study-row"
            tabIndex={0}
            onClick={() => onOpen(study.studyUid)}
            onKeyDown={(e) => openOnEnter(e, study.studyUid)}
          >
            <td>{formatPersonName(study.patientName)}</td>
            <td>{study.patientId}</td>
            <td>
              {formatDicomDate(study.studyDateNormalised ?? study.studyDate)}
            </td>
            <td>{study.accessionNumber}</td>
            <td>{study.modalities.join(', ')}</td>
            <td>{study.studyDescription}</td>
            <td>{study.seriesCount}</td>
            <td>{study.instanceCount}</td>
          </tr>
        ))}
        {!loading && studies.length === 0 ? (
          <tr>
            <td colSpan={COLUMNS.length}>No studies match this search.</td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

function sortState(
  search: StudySearch,
  column: StudySortKey | undefined,
): 'ascending' | 'descending' | undefined {
  if (!column || search.sortBy !== column) return undefined;
  return search.sortOrder === 'asc' ? 'ascending' : 'descending';
}
