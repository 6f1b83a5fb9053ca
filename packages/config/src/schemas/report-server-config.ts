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
