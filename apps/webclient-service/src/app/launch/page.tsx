import { redirect } from 'next/navigation';
import { LaunchOpener } from '../../components/launch/LaunchOpener';
import { LaunchSwitchUser } from '../../components/launch/LaunchSwitchUser';
import {
  launchPathOf,
  loginPathFor,
  readLaunchRequest,
} from '../../lib/launch-request';
import { readSession } from '../../lib/server/auth';
import { askStudyRequest } from '../../lib/server/study-request';
import { readWebSettings } from '../../lib/server/web-settings';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * A study-request link from a PACS or RIS: opens the viewer on the study it
 * names, after a login when needed (the user name prefilled), logging out
 * first when the link names another user than the one logged in.
 */
export default async function LaunchPage({
  searchParams,
}: {
  searchParams: SearchParams;
}) {
  let request = readLaunchRequest(await searchParams);
  if (request.kind === 'ask') {
    const { studyRequestUrls } = await readWebSettings();
    request = await askStudyRequest(request.url, studyRequestUrls);
  }
  if (request.kind === 'refused' || request.kind === 'ask') {
    const message =
      request.kind === 'ask'
        ? 'The study-request endpoint must name a study.'
        : request.message;
    return (
      <main className="login-page">
        <div className="login-form" role="alert" data-testid="launch-refused">
          <h1>This link cannot be opened</h1>
          <p>{message}</p>
          <p>
            <a href="/studies">Go to the study list</a>
          </p>
        </div>
      </main>
    );
  }

  const user = await readSession();
  const target =
    request.kind === 'open' ? launchPathOf(request.study) : '/studies';
  if (!user) redirect(loginPathFor(request.username, target));
  if (
    request.username &&
    request.username.toLowerCase() !== user.userId.toLowerCase()
  ) {
    return (
      <LaunchSwitchUser
        loginPath={loginPathFor(request.username, target)}
        username={request.username}
      />
    );
  }

  // Leaving the viewer closes the study: the worker keeps nothing open.
  if (request.kind === 'unload') redirect('/studies');
  if ('studyUid' in request.study) {
    redirect(`/viewer/${encodeURIComponent(request.study.studyUid)}`);
  }
  return <LaunchOpener accessionNumber={request.study.accessionNumber} />;
}
