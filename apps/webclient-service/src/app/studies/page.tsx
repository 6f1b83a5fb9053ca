import { Suspense } from 'react';
import { TopBar } from '../../components/TopBar';
import { StudyBrowser } from '../../components/studies/StudyBrowser';
import { requireSession } from '../../lib/server/require-session';

export const dynamic = 'force-dynamic';

/** The study list: search, sort, page, and open a study. */
export default async function StudiesPage() {
  const user = await requireSession('/studies');
  return (
    <div className="studies-page">
      <TopBar userName={user.name} />
      <main className="studies-main">
        <Suspense fallback={<p>Loading the study list…</p>}>
          <StudyBrowser />
        </Suspense>
      </main>
    </div>
  );
}
