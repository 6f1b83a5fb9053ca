import { describe, expect, it } from 'vitest';
import {
  countPages,
  EMPTY_SEARCH,
  readStudySearch,
  toggleSort,
  toListStudiesParams,
  writeStudySearch,
} from '../src/lib/study-query.js';

describe('study-list search in the URL', () => {
  it('reads back what it writes', () => {
    const search = {
      ...EMPTY_SEARCH,
      patientName: 'SMITH*',
      patientId: 'P-01',
      dateFrom: '2012-01-01',
      dateTo: '2012-12-31',
      modality: 'MR',
      sortBy: 'name' as const,
      sortOrder: 'asc' as const,
      page: 3,
      pageSize: 50,
    };
    expect(readStudySearch(writeStudySearch(search))).toEqual(search);
  });

  it('leaves defaults out of the URL', () => {
    expect(writeStudySearch(EMPTY_SEARCH).toString()).toBe('');
  });

  it('falls back to defaults for malformed values', () => {
    const params = new URLSearchParams(
      'page=-2&pageSize=abc&sortBy=drop&sortOrder=up&dateFrom=yesterday&modality=mr',
    );
    const search = readStudySearch(params);
    expect(search.page).toBe(1);
    expect(search.pageSize).toBe(EMPTY_SEARCH.pageSize);
    expect(search.sortBy).toBe('date');
    expect(search.sortOrder).toBe('desc');
    expect(search.dateFrom).toBe('');
    expect(search.modality).toBe('MR');
  });

  it('caps the page size a URL may ask for', () => {
    expect(
      readStudySearch(new URLSearchParams('pageSize=100000')).pageSize,
    ).toBe(200);
  });
});

describe('ListStudies parameters of a search', () => {
  it('sends wildcards as typed, dates compact and the page as offset and limit', () => {
    const params = toListStudiesParams({
      ...EMPTY_SEARCH,
      patientName: 'sunny*',
      accessionNumber: 'A?1',
      dateFrom: '2012-01-01',
      dateTo: '2012-02-29',
      modality: 'MR',
      page: 2,
      pageSize: 25,
    });
    expect(params).toEqual({
      patientName: 'sunny*',
      accessionNumber: 'A?1',
      studyDateFrom: '20120101',
      studyDateTo: '20120229',
      modality: 'MR',
      sortBy: 'date',
      sortOrder: 'desc',
      offset: 25,
      limit: 25,
    });
  });

  it('sends no filter for empty fields', () => {
    const params = toListStudiesParams(EMPTY_SEARCH);
    expect(Object.keys(params).sort()).toEqual([
      'limit',
      'offset',
      'sortBy',
      'sortOrder',
    ]);
  });
});

describe('sorting by a column', () => {
  it('sorts a new column ascending, dates newest first, and returns to page 1', () => {
    const onPage3 = { ...EMPTY_SEARCH, page: 3 };
    expect(toggleSort(onPage3, 'name')).toMatchObject({
      sortBy: 'name',
      sortOrder: 'asc',
      page: 1,
    });
    const byName = toggleSort(onPage3, 'name');
    expect(toggleSort(byName, 'date')).toMatchObject({
      sortBy: 'date',
      sortOrder: 'desc',
    });
  });

  it('flips the order of the column already sorted', () => {
    const byName = toggleSort(EMPTY_SEARCH, 'name');
    expect(toggleSort(byName, 'name').sortOrder).toBe('desc');
  });
});

describe('showing list values', () => {
  it('counts at least one page', () => {
    expect(countPages(0, 25)).toBe(1);
    expect(countPages(26, 25)).toBe(2);
  });
});
