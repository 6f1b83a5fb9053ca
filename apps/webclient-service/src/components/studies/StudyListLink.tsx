'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { STUDY_SEARCH_KEY, studyListHref } from '../../lib/saved-places';

/** "Study list", back to the search this tab last made. */
export function StudyListLink() {
  const [href, setHref] = useState('/studies');

  useEffect(() => {
    setHref(studyListHref(readSaved()));
  }, []);

  return <Link href={href}>Study list</Link>;
}

function readSaved(): string | null {
  try {
    return window.sessionStorage.getItem(STUDY_SEARCH_KEY);
  } catch {
    // Storage refused (private mode settings): the plain list it is.
    return null;
  }
}
