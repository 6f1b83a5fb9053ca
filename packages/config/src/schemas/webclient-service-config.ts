import type { IniSchema } from '../schema.js';

/**
 * `webclient_service.ini`, read by the WebClient Service. Defaults DESIGN.md
 * leaves open, chosen here: webfqdn `localhost`; webtls off until a
 * certificate is configured; the Core Server and report server on loopback;
 * cvtokenpubkey `keys/token-public.pem` under the data directory;
 * recruitersecret empty (the first-run file gets a generated one from the
 * start script).
 */
export const webClientServiceConfigSchema = {
  file: 'webclient_service.ini',
  doc: 'Settings of the Atrium WebClient Service (web server, worker and manager ports).',
  sections: {
    webClientService: {
      name: 'webclient_service',
      fields: {
        webFqdn: {
          key: 'webfqdn',
          type: 'host',
          default: 'localhost',
          doc: 'Host name clinicians type in the browser.',
        },
        webPort: {
          key: 'webport',
          type: 'port',
          default: 4293,
          doc: 'Port of plain HTTP.',
        },
        webTlsPort: {
          key: 'webtlsport',
          type: 'port',
          default: 443,
          doc: 'Port of HTTPS (TLS 1.3).',
        },
        recruiterPort: {
          key: 'recruiterport',
          type: 'port',
          default: 4292,
          doc: 'Port Worker Managers connect to.',
        },
        rpcPort: {
          key: 'rpcport',
          type: 'port',
          default: 4289,
          doc: 'Port render workers connect to.',
        },
        webTls: {
          key: 'webtls',
          type: 'bool',
          default: false,
          doc: 'Serve HTTPS on webtlsport (needs webtlscert and webtlskey, or webtlspfx).',
        },
        webTlsCert: {
          key: 'webtlscert',
          type: 'path',
          default: '',
          doc: 'Certificate chain in PEM.',
        },
        webTlsKey: {
          key: 'webtlskey',
          type: 'path',
          default: '',
          doc: 'Private key of the certificate in PEM.',
        },
        webTlsPfx: {
          key: 'webtlspfx',
          type: 'path',
          default: '',
          doc: 'Certificate and key as PKCS #12, instead of webtlscert and webtlskey.',
        },
        webTlsPfxPassword: {
          key: 'webtlspfxpassword',
          type: 'string',
          default: '',
          secret: true,
          doc: 'Password of the PKCS #12 file.',
        },
        webTlsCompatibility: {
          key: 'webtlscompatibility',
          type: 'enum',
          values: ['modern', 'intermediate'],
          default: 'modern',
          doc: 'TLS profile; both values mean TLS 1.3 only, since no older protocol is supported.',
        },
        webForceHttps: {
          key: 'webforcehttps',
          type: 'bool',
          default: false,
          doc: 'Answer plain HTTP with a redirect to HTTPS and send Strict-Transport-Security.',
        },
        webFrameAncestors: {
          key: 'webframeancestors',
          type: 'string',
          default: "'self'",
          doc: "Pages allowed to embed the viewer in a frame (CSP frame-ancestors sources, space-separated; 'none' forbids embedding).",
        },
        studyRequestUrls: {
          key: 'studyrequesturls',
          type: 'string',
          default: '',
          doc: 'Endpoints a launch link may name in study-request-url= (space-separated https:// or http:// URL prefixes; empty allows none).',
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
        reportServerUrl: {
          key: 'reportserverurl',
          type: 'string',
          default: 'http://127.0.0.1:4280',
          doc: 'URL of the report server, proxied under /report/.',
        },
        recruiterSecret: {
          key: 'recruitersecret',
          type: 'string',
          default: '',
          secret: true,
          doc: 'Shared secret Worker Managers present on the recruiter port.',
        },
      },
    },
  },
} as const satisfies IniSchema;
