import type { IniSchema } from '../schema.js';

/** `report_server.ini`, read by the report server. */
export const reportServerConfigSchema = {
  file: 'report_server.ini',
  doc: 'Settings of the Atrium report server.',
  sections: {
    reportServer: {
      name: 'report_server',
      fields: {
        port: {
          key: 'port',
          type: 'port',
          default: 4280,
          doc: 'Port of HTTP and WebSocket, reached through the service /report/ path.',
        },
        bindAddress: {
          key: 'bindaddress',
          type: 'ip',
          default: '127.0.0.1',
          doc: 'Address the port listens on; browsers reach it only through the WebClient Service, so loopback unless the service runs on another host.',
        },
        coreServerHost: {
          key: 'coreserverhost',
          type: 'host',
          default: '127.0.0.1',
          doc: 'Host of the Core Server.',
        },
        coreServerPort: {
          key: 'coreserverport',
          type: 'port',
          default: 49696,
          doc: 'Client RPC port of the Core Server.',
        },
        cvTokenPubKey: {
          key: 'cvtokenpubkey',
          type: 'path',
          default: 'keys/token-public.pem',
          doc: 'Public key (PEM) that checks the tokens the Core Server signs.',
        },
      },
    },
  },
} as const satisfies IniSchema;
