import { defineErrors, type ErrorRegistry } from '@atrium/protocol';

/** Error codes of the render worker. */
export const workerErrors = {
  WRK_RENDER_FAILED: {
    message: 'The frame could not be rendered',
    status: 500,
    expose: true,
  },
  WRK_CORE_UNAVAILABLE: {
    message: 'The Core Server cannot be reached',
    status: 503,
    expose: true,
  },
  WRK_BAD_ENVIRONMENT: {
    message: 'The render worker was started without its ticket or service URL',
    status: 500,
    expose: false,
  },
  WRK_PAIRING_FAILED: {
    message: 'The WebClient Service did not accept this worker',
    status: 500,
    expose: false,
  },
} as const satisfies ErrorRegistry<string>;

export type WorkerErrorCode = keyof typeof workerErrors;

/** Builds an AtriumError with a WRK_ code. */
export const workerError = defineErrors<WorkerErrorCode>(workerErrors);
