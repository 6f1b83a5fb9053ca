export {
  startWorkerManager,
  defaultWorkerCommand,
  type WorkerManager,
  type WorkerManagerOptions,
} from './start-manager.js';
export {
  WorkerProcesses,
  type WorkerCommand,
  type WorkerExit,
  type WorkerProcessesOptions,
} from './worker-processes.js';
export { RecruiterLink, type RecruiterLinkOptions } from './recruiter-link.js';
export {
  managerErrors,
  managerError,
  type ManagerErrorCode,
} from './errors.js';
