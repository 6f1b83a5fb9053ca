import type { IniSchema } from '../schema.js';

/**
 * `worker_manager.ini`, read by a Worker Manager. Defaults DESIGN.md leaves
 * open, chosen here: the service on loopback; workerid empty (the manager
 * then uses its host name); capacity 4 workers.
 */
export const workerManagerConfigSchema = {
  file: 'worker_manager.ini',
  doc: 'Settings of an Atrium Worker Manager (which service it serves, how many workers).',
  sections: {
    workerManager: {
      name: 'worker_manager',
      fields: {
        webClientServiceHost: {
          key: 'webclientservicehost',
          type: 'host',
          default: '127.0.0.1',
          doc: 'Host of the WebClient Service.',
        },
        webClientServiceRecruiterPort: {
          key: 'webclientservicerecruiterport',
          type: 'port',
          default: 4292,
          doc: 'Recruiter port of the WebClient Service.',
        },
        workerId: {
          key: 'workerid',
          type: 'string',
          default: '',
          doc: 'Name of this manager in logs and health reports; empty uses the host name.',
        },
        capacity: {
          key: 'capacity',
          type: 'int',
          default: 4,
          min: 1,
          max: 1000,
          doc: 'Most render workers (browser sessions) this manager runs at once.',
        },
        recruiterSecret: {
          key: 'recruitersecret',
          type: 'string',
          default: '',
          secret: true,
          doc: 'Shared secret presented to the recruiter port; same as in webclient_service.ini.',
        },
      },
    },
  },
} as const satisfies IniSchema;
