import type { IniSchema } from '../schema.js';

/** `gateway.ini`, read by the configuration portal. */
export const gatewayConfigSchema = {
  file: 'gateway.ini',
  doc: 'Settings of the Atrium configuration portal.',
  sections: {
    gateway: {
      name: 'gateway',
      fields: {
        webPort: {
          key: 'webport',
          type: 'port',
          default: 4299,
          doc: 'Port of the configuration portal.',
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
