/**
 * The study-list search as the browser keeps it in the page URL, and its
 * translation into the Core Server's ListStudies parameters. Shared by the
 * search form (browser) and the /api/studies route (server).
 */
import type { ListStudiesParams, StudySortKey } from '@atrium/protocol';

/** Rows per page unless the URL asks for another size. */
export const DEFAULT_PAGE_SIZE = 25;
/** The largest page a browser may ask for. */
export const MAX_PAGE_SIZE = 200;

const SORT_KEYS: readonly StudySortKey[] = [
  'date',
  'name',
  'id',
  'accession',
  'modality',
];

/** What the user typed and chose in the study-list search. */
export interface StudySearch {
  patientName: string;
  patientId: string;
  accessionNumber: string;
  /** YYYY-MM-DD as an `<input type="date">` gives it, or ''. */
  dateFrom: string;
  dateTo: string;
  /** One modality, e.g. "MR", or '' for any. */
  modality: string;
  sortBy: StudySortKey;
  sortOrder: 'asc' | 'desc';
  /** One-based page number. */
  page: number;
  pageSize: number;
}

/** The search a fresh study list starts with: newest studies first. */
export const EMPTY_SEARCH: StudySearch = {
  patientName: '',
  patientId: '',
  accessionNumber: '',
  dateFrom: '',
  dateTo: '',
  modality: '',
  sortBy: 'date',
  sortOrder: 'desc',
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
};

const TEXT_KEYS = [
  'patientName',
  'patientId',
  'accessionNumber',
  'dateFrom',
  'dateTo',
  'modality',
] as const;

/**
 * Reads a search from URL parameters; anything missing or malformed falls
 * back to the empty search's value, so a hand-edited URL never breaks the
 * page.
 */
export function readStudySearch(params: URLSearchParams): StudySearch {
  const search: StudySearch = { ...EMPTY_SEARCH };
  for (const key of TEXT_KEYS) search[key] = params.get(key)?.trim() ?? '';

  if (!isIsoDate(search.dateFrom)) search.dateFrom = '';
  if (!isIsoDate(search.dateTo)) search.dateTo = '';
  search.modality = search.modality.toUpperCase();

  const sortBy = params.get('sortBy');
  if (SORT_KEYS.includes(sortBy as StudySortKey)) {
    search.sortBy = sortBy as StudySortKey;
  }
  const sortOrder = params.get('sortOrder');
  if (sortOrder === 'asc' || sortOrder === 'desc') search.sortOrder = sortOrder;

  search.page = readWholeNumber(
    params.get('page'),
    1,
    Number.MAX_SAFE_INTEGER,
    1,
  );
  search.pageSize = readWholeNumber(
    params.get('pageSize'),
    1,
    MAX_PAGE_SIZE,
    DEFAULT_PAGE_SIZE,
  );
  return search;
}

/** Writes a search as URL parameters, leaving out values at their default. */
export function writeStudySearch(search: StudySearch): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of TEXT_KEYS) {
    const value = search[key].trim();
    if (value) params.set(key, value);
  }
  if (search.sortBy !== EMPTY_SEARCH.sortBy)
    params.set('sortBy', search.sortBy);
  if (search.sortOrder !== EMPTY_SEARCH.sortOrder) {
    params.set('sortOrder', search.sortOrder);
  }
  if (search.page !== 1) params.set('page', String(search.page));
  if (search.pageSize !== DEFAULT_PAGE_SIZE) {
    params.set('pageSize', String(search.pageSize));
  }
  return params;
}

/**
 * The ListStudies parameters of a search. Text filters go as typed: the
 * Core Server applies DICOM wildcards (`*`, `?`) and ignores case.
 */
export function toListStudiesParams(search: StudySearch): ListStudiesParams {
  const params: ListStudiesParams = {
    sortBy: search.sortBy,
    sortOrder: search.sortOrder,
    offset: (search.page - 1) * search.pageSize,
    limit: search.pageSize,
  };
  if (search.patientName) params.patientName = search.patientName;
  if (search.patientId) params.patientId = search.patientId;
  if (search.accessionNumber) params.accessionNumber = search.accessionNumber;
  if (search.modality) params.modality = search.modality;
  if (search.dateFrom) params.studyDateFrom = compactDate(search.dateFrom);
  if (search.dateTo) params.studyDateTo = compactDate(search.dateTo);
  return params;
}

/**
 * The search after clicking a column header: a new column sorts ascending
 * (dates newest first), the same column flips its order, and either way
 * the list goes back to its first page.
 */
export function toggleSort(
  search: StudySearch,
  column: StudySortKey,
): StudySearch {
  if (search.sortBy === column) {
    const sortOrder = search.sortOrder === 'asc' ? 'desc' : 'asc';
    return { ...search, sortOrder, page: 1 };
  }
  const sortOrder = column === 'date' ? 'desc' : 'asc';
  return { ...search, sortBy: column, sortOrder, page: 1 };
}

/** The number of pages `total` studies fill (at least one). */
export function countPages(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

function compactDate(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}

function readWholeNumber(
  text: string | null,
  min: number,
  max: number,
  fallback: number,
): number {
  const value = Number(text);
  if (!text || !Number.isInteger(value) || value < min) return fallback;
  return Math.min(value, max);
}
