import type { StudyProgressEvent } from '@atrium/protocol';

/** The progress bar shown while a study is retrieved or read. */
export function StudyProgress({
  progress,
}: {
  progress: StudyProgressEvent | null;
}) {
  const known = progress?.total != null && progress.total > 0;
  return (
    <div className="progress" role="status" aria-live="polite">
      <div>
        {progress
          ? `Retrieving the study: ${progress.done}${known ? ` of ${progress.total}` : ''} images`
          : 'Opening the study…'}
      </div>
      {known ? (
        <progress
          max={progress!.total!}
          value={progress!.done}
          aria-label="Study retrieval"
        />
      ) : (
        <progress aria-label="Study retrieval" />
      )}
    </div>
  );
}
