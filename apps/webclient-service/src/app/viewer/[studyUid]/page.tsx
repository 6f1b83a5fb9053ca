import { StudyListLink } from '../../../components/studies/StudyListLink';
import { TopBar } from '../../../components/TopBar';
import { ViewerLoader } from '../../../components/viewer/ViewerLoader';
import { requireSession } from '../../../lib/server/require-session';

export const dynamic = 'force-dynamic';

type Params = Promise<{ studyUid: string }>;

/** One study in the viewer. */
export default async function ViewerPage({ params }: { params: Params }) {
  const { studyUid } = await params;
  const uid = decodeURIComponent(studyUid);
  const user = await requireSession(`/viewer/${encodeURIComponent(uid)}`);
  return (
    <div className="viewer-page">
      <TopBar userName={user.name}>
        <StudyListLink />
      </TopBar>
      <ViewerLoader
        studyUid={uid}
        canSave={user.permissions.includes('SaveWorkspace')}
      />
    </div>
  );
}
