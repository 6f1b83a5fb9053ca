'use client';

import type { ListStudiesResult, StudySortKey } from '@atrium/protocol';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import {
  countPages,
  readStudySearch,
  toggleSort,
  writeStudySearch,
  type StudySearch,
} from '../../lib/study-query';
import { SearchForm } from './SearchForm';
import { StudyTable } from './StudyTable';
import { useWorkerNotice } from './use-worker-notice';
import { leaveEndedSession } from '../../lib/session-end';
import { refreshSession } from '../../lib/session-refresh';
import { STUDY_SEARCH_KEY } from '../../lib/saved-places';

type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; page: ListStudiesResult }
  | { state: 'failed'; message: string };

/**
 * The study list. The search lives in the page URL (so a search can be
 * bookmarked and Back works); the rows come from /api/studies.
 */
export function StudyBrowser() {
  const router = useRouter();
  const params = useSearchParams();
  const search = useMemo(
    () => readStudySearch(new URLSearchParams(params)),
    [params],
  );
  const notice = params.get('notice');
  const workerNotice = useWorkerNotice();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  // The viewer's "Study list" comes back to this search.
  useEffect(() => {
    try {
      const query = writeStudySearch(search).toString();
      window.sessionStorage.setItem(STUDY_SEARCH_KEY, query);
    } catch {
      // Storage refused: the viewer links to the plain list.
    }
  }, [search]);

  useEffect(() => {
    const abort = new AbortController();
    setLoaded({ state: 'loading' });
    fetchStudies(search, abort.signal).then(
      (result) => {
        if (result === 'logged-out') {
          void leaveEndedSession('Your session has ended; log in again');
          return;
        }
        setLoaded(result);
      },
      () => undefined,
    );
    return () => abort.abort();
  }, [search, router]);

  function go(next: StudySearch) {
    const query = writeStudySearch(next).toString();
    router.push(query ? `/studies?${query}` : '/studies');
  }

  function sortBy(column: StudySortKey) {
    go(toggleSort(search, column));
  }

  const page = loaded.state === 'ready' ? loaded.page : null;
  const pages = page ? countPages(page.total, search.pageSize) : 1;

  return (
    <>
      {notice ? (
        <p className="message notice" role="status">
          {notice}
        </p>
      ) : null}
      {workerNotice ? (
        <p className="message notice" role="status">
          {workerNotice}
        </p>
      ) : null}

      <SearchForm key={params.toString()} search={search} onSearch={go} />

      {loaded.state === 'failed' ? (
        <p className="message error" role="alert">
          {loaded.message}
        </p>
      ) : null}

      <StudyTable
        studies={page?.studies ?? []}
        loading={loaded.state === 'loading'}
        search={search}
        onSort={sortBy}
        onOpen={(studyUid) =>
          router.push(`/viewer/${encodeURIComponent(studyUid)}`)
        }
      />

      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          disabled={search.page <= 1}
          onClick={() => go({ ...search, page: search.page - 1 })}
        >
          Previous
        </button>
        <span>
          Page {search.page} of {pages}
          {page
            ? ` · ${page.total} ${page.total === 1 ? 'study' : 'studies'}`
            : ''}
        </span>
        <button
          type="button"
          disabled={search.page >= pages}
          onClick={() => go({ ...search, page: search.page + 1 })}
        >
          Next
        </button>
        <label>
          Rows{' '}
          <select
            value={search.pageSize}
            onChange={(e) =>
              go({ ...search, pageSize: Number(e.target.value), page: 1 })
            }
          >
            {[10, 25, 50, 100].map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      </nav>
    </>
  );
}

async function fetchStudies(
  search: StudySearch,
  signal: AbortSignal,
): Promise<Loaded | 'logged-out'> {
  const query = writeStudySearch(search).toString();
  let response = await fetch(`/api/studies?${query}`, { signal });
  if (response.status === 401) {
    // The Core Server token may only be due for renewal: checking the
    // session renews it; ask once more before sending the user to log in.
    if (!(await refreshSession())) return 'logged-out';
    response = await fetch(`/api/studies?${query}`, { signal });
    if (response.status === 401) return 'logged-out';
  }

  const body = (await response.json().catch(() => null)) as
    ListStudiesResult | { error: { message: string } } | null;
  if (!response.ok || !body || 'error' in body) {
    const message =
      body && 'error' in body
        ? body.error.message
        : 'The study list could not be loaded';
    return { state: 'failed', message };
  }
  return { state: 'ready', page: body };
}
