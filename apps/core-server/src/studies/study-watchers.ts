import {
  MAX_WATCHED_STUDIES,
  type StudyChange,
  type StudyChangedEvent,
} from '@atrium/protocol';
import { coreError } from '../errors.js';

/** What a watch needs of a connection: its login, and a way to tell it. */
export interface StudyWatcher {
  /** The session the connection is bound to, if any. */
  readonly binding: { claims: { userId: string } } | undefined;
  sendEvent(event: 'StudyChanged', data: StudyChangedEvent): void;
}

/**
 * Which connections watch which studies (WatchStudy), so a change to a
 * study reaches the pages showing it: the report page follows new
 * instances and the user's own measurements without polling. A connection
 * is forgotten when it closes.
 */
export class StudyWatchers {
  readonly #byStudy = new Map<string, Set<StudyWatcher>>();
  readonly #studiesOf = new Map<StudyWatcher, Set<string>>();

  /** Adds a watch; returns how many studies the watcher now follows. */
  watch(watcher: StudyWatcher, studyUid: string): number {
    let studies = this.#studiesOf.get(watcher);
    if (!studies) {
      studies = new Set();
      this.#studiesOf.set(watcher, studies);
    }
    if (!studies.has(studyUid) && studies.size >= MAX_WATCHED_STUDIES) {
      throw coreError(
        'CORE_INVALID_PARAMS',
        `A connection may watch at most ${MAX_WATCHED_STUDIES} studies`,
      );
    }
    studies.add(studyUid);

    let watchers = this.#byStudy.get(studyUid);
    if (!watchers) {
      watchers = new Set();
      this.#byStudy.set(studyUid, watchers);
    }
    watchers.add(watcher);
    return studies.size;
  }

  /** Removes one watch; returns how many studies are still followed. */
  unwatch(watcher: StudyWatcher, studyUid: string): number {
    const studies = this.#studiesOf.get(watcher);
    studies?.delete(studyUid);
    this.#dropFromStudy(watcher, studyUid);
    if (studies?.size === 0) this.#studiesOf.delete(watcher);
    return studies?.size ?? 0;
  }

  /** Forgets every watch of a connection (it closed or logged out). */
  forget(watcher: StudyWatcher): void {
    const studies = this.#studiesOf.get(watcher);
    if (!studies) return;
    this.#studiesOf.delete(watcher);
    for (const studyUid of studies) this.#dropFromStudy(watcher, studyUid);
  }

  /**
   * Tells the watchers of a study what changed. A measurements change is
   * told only to the connections of the user who saved them: other users
   * cannot read those measurements, so they are not told of them either.
   */
  notify(studyUid: string, change: StudyChange, userId?: string): number {
    const watchers = this.#byStudy.get(studyUid);
    if (!watchers) return 0;
    let told = 0;
    for (const watcher of watchers) {
      if (change === 'measurements' && !sameUser(watcher, userId)) continue;
      watcher.sendEvent('StudyChanged', { studyUid, change });
      told += 1;
    }
    return told;
  }

  /** How many connections watch anything (for tests and health). */
  get size(): number {
    return this.#studiesOf.size;
  }

  #dropFromStudy(watcher: StudyWatcher, studyUid: string): void {
    const watchers = this.#byStudy.get(studyUid);
    watchers?.delete(watcher);
    if (watchers?.size === 0) this.#byStudy.delete(studyUid);
  }
}

// User IDs are matched without regard to case, as logins are.
function sameUser(watcher: StudyWatcher, userId: string | undefined): boolean {
  return (
    userId !== undefined &&
    watcher.binding?.claims.userId.toLowerCase() === userId.toLowerCase()
  );
}
