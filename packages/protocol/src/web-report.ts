/**
 * The report server's side of the wire: how the WebClient Service tells it
 * who the browser is, its paths under /report/, and the messages of its
 * live socket.
 *
 * Identity: the service proxies /report/ only for a browser with a live
 * session, drops any identity header the browser sent, and adds the
 * user's Core Server token in REPORT_TOKEN_HEADER. The report server
 * checks that token's signature with the Core Server's public key
 * (cvtokenpubkey), so a header a browser forges is refused, and it reads
 * the study from the Core Server with that token, so every read is
 * checked against the user's roles and live session.
 */
import type { Measurement } from './core-measurements.js';
import type { StudyDetail } from './core-studies.js';
import type { WireError } from './errors.js';

/** Header carrying the user's Core Server token from service to report server. */
export const REPORT_TOKEN_HEADER = 'x-atrium-core-token';

/** Every path the report server serves starts with this. */
export const REPORT_PATH_PREFIX = '/report/';
/** `GET /report/study/<Study Instance UID>`: the report page. */
export const REPORT_STUDY_PATH = '/report/study/';
/** `GET /report/api/study/<Study Instance UID>`: the same report as JSON. */
export const REPORT_API_PATH = '/report/api/study/';
/** WebSocket `/report/live?study=<Study Instance UID>`: live updates. */
export const REPORT_LIVE_PATH = '/report/live';

/** A series as the report lists it. */
export interface ReportSeries {
  seriesUid: string;
  seriesNumber: number | null;
  modality: string;
  seriesDescription: string;
  instanceCount: number;
  /** Slices × phases for a cine stack, else null. */
  cine: { slices: number; phases: number } | null;
}

/** A saved measurement with where it lies, in words a reader follows. */
export interface ReportMeasurement extends Measurement {
  /** "Series 5 · SA cine", or the series UID when it is gone. */
  seriesLabel: string;
  /** "Slice 3, phase 12", "Image 40" or "Frame 8". */
  position: string;
}

/** Everything a report page shows. */
export interface StudyReport {
  study: Omit<StudyDetail, 'series'>;
  series: ReportSeries[];
  measurements: ReportMeasurement[];
  /** When the user last saved measurements on the study, or null. */
  measurementsSavedAt: string | null;
  /** Who the report was made for (the user's ID). */
  user: string;
  /** When the report was put together (ISO 8601). */
  generatedAt: string;
}

/** Close code of a live socket whose Core Server session ended. */
export const REPORT_SESSION_ENDED_CLOSE = 4001;
/** Close code of a live socket refused or ended for another reason. */
export const REPORT_REFUSED_CLOSE = 4003;

/** Messages the live socket sends, as JSON text. */
export type ReportLiveMessage =
  | {
      type: 'report';
      /** What made this update: the first one, or the change seen. */
      cause: 'opened' | 'instances' | 'measurements';
      report: StudyReport;
      /** The body of the page, rendered and escaped by the report server. */
      html: string;
    }
  | { type: 'error'; error: WireError };
