export {
  CoreClient,
  type AuthenticateOptions,
  type CoreClientEvents,
  type CoreClientOptions,
} from './core-client.js';
export {
  coreClientError,
  coreClientErrors,
  type CoreClientErrorCode,
} from './errors.js';
