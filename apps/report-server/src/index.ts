export {
  startReportServer,
  type ReportServerOptions,
  type RunningReportServer,
} from './start-report-server.js';
export { reportErrors, type ReportErrorCode } from './errors.js';
