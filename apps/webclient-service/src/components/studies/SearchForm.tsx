'use client';

import { useState, type FormEvent } from 'react';
import { EMPTY_SEARCH, type StudySearch } from '../../lib/study-query';

const MODALITIES = ['', 'MR', 'CT', 'XA', 'US', 'NM', 'PT', 'CR', 'DX', 'OT'];

/**
 * The study-list search. Text fields accept `*` and `?` wildcards and
 * ignore case; a new search starts again at page 1.
 */
export function SearchForm({
  search,
  onSearch,
}: {
  search: StudySearch;
  onSearch: (search: StudySearch) => void;
}) {
  const [draft, setDraft] = useState(search);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch({ ...draft, page: 1 });
  }

  function clear() {
    const cleared = {
      ...EMPTY_SEARCH,
      sortBy: search.sortBy,
      sortOrder: search.sortOrder,
      pageSize: search.pageSize,
    };
    setDraft(cleared);
    onSearch(cleared);
  }

  const field = (key: 'patientName' | 'patientId' | 'accessionNumber') => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) =>
      setDraft({ ...draft, [key]: e.target.value }),
  });

  return (
    <form className="search-form" role="search" onSubmit={submit}>
      <label>
        Patient name
        <input
          type="text"
          name="patientName"
          placeholder="e.g. SMITH*"
          {...field('patientName')}
        />
      </label>
      <label>
        Patient ID
        <input type="text" name="patientId" {...field('patientId')} />
      </label>
      <label>
        Accession
        <input
          type="text"
          name="accessionNumber"
          {...field('accessionNumber')}
        />
      </label>
      <label>
        From
        <input
          type="date"
          name="dateFrom"
          value={draft.dateFrom}
          onChange={(e) => setDraft({ ...draft, dateFrom: e.target.value })}
        />
      </label>
      <label>
        To
        <input
          type="date"
          name="dateTo"
          value={draft.dateTo}
          onChange={(e) => setDraft({ ...draft, dateTo: e.target.value })}
        />
      </label>
      <label>
        Modality
        <select
          name="modality"
          value={draft.modality}
          onChange={(e) => setDraft({ ...draft, modality: e.target.value })}
        >
          {MODALITIES.map((m) => (
            <option key={m} value={m}>
              {m || 'Any'}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary">
        Search
      </button>
      <button type="button" onClick={clear}>
        Clear
      </button>
    </form>
  );
}
