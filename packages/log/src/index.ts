export {
  createLogger,
  Logger,
  type AccessFields,
  type DebugLogSetting,
  type LogFields,
  type LoggerOptions,
  type LogLevel,
  type LogType,
} from './logger.js';
export {
  findArchivePeriod,
  type ArchiveIntervalType,
  type ArchiveOptions,
  type ArchivePeriod,
} from './archive-period.js';
export {
  isSecretName,
  NOT_DISPLAYED,
  redact,
  redactText,
  type RedactOptions,
} from './redact.js';
export { formatLocalDate, formatLocalTime } from './format-time.js';
export { logErrors, makeLogError, type LogErrorCode } from './errors.js';
