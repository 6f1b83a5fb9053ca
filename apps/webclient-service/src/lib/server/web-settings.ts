/**
 * What the Next app's server code needs from the service's settings: the
 * data directory (for the next-auth secret) and the Core Server's address.
 * Read from `webclient_service.ini` on first use and kept; the custom
 * server in the same process reads the same file. Server only.
 */
import { loadWebClientServiceConfig, resolveDataDir } from '@atrium/config';
import { readNextAuthSecret } from '@atrium/tokens';

/** The settings of the web app. */
export interface WebSettings {
  dataDir: string;
  coreServerHost: string;
  coreServerPort: number;
  /** `studyrequesturls`: endpoints a launch may ask (URL prefixes). */
  studyRequestUrls: string;
  /** The next-auth secret generated on first run under `<data>/keys/`. */
  nextAuthSecret: string;
}

let settings: Promise<WebSettings> | null = null;

/** The settings, loaded once per process. */
export function readWebSettings(): Promise<WebSettings> {
  settings ??= loadSettings().catch((error: unknown) => {
    // Let a later request try again (the Core Server may create the keys
    // after the service started).
    settings = null;
    throw error;
  });
  return settings;
}

async function loadSettings(): Promise<WebSettings> {
  const dataDir = resolveDataDir();
  const config = loadWebClientServiceConfig(dataDir).webClientService;
  return {
    dataDir,
    coreServerHost: config.coreServerHost,
    coreServerPort: config.coreServerPort,
    studyRequestUrls: config.studyRequestUrls,
    nextAuthSecret: await readNextAuthSecret(dataDir),
  };
}
