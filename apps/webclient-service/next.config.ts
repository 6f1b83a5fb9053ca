import type { NextConfig } from 'next';

/**
 * The Next app of the WebClient Service. The custom server in `server/`
 * owns the listeners and hands Next the plain HTTP requests.
 */
const config: NextConfig = {
  poweredByHeader: false,

  // Strict mode mounts every component twice in development. Cornerstone
  // viewports enabled, disabled and enabled again in one tick keep the
  // first camera (the image then shows at a zoom of 0.01): development
  // renders as production does.
  reactStrictMode: false,

  // The viewer must embed in a third-party page's iframe, so nothing here
  // turns on cross-origin isolation (COOP/COEP) or sets X-Frame-Options.
  // Stack viewports need no SharedArrayBuffer.

  // Node-only workspace packages are loaded by Node at run time from their
  // built dist/, not bundled (ws has optional native parts webpack cannot
  // follow).
  serverExternalPackages: [
    '@atrium/config',
    '@atrium/core-client',
    '@atrium/log',
    '@atrium/tokens',
    'ws',
  ],

  // Types are checked by the package's typecheck task (`next typegen`,
  // then `tsc --noEmit`); checking again inside the build doubles its time.
  typescript: { ignoreBuildErrors: true },

  // `npm run dev` serves on loopback by address as well as by name; the
  // development server refuses its reload socket to any other origin.
  allowedDevOrigins: ['127.0.0.1', 'localhost', '::1'],

  // No AGENTS.md or upgrade notes written into the package by `next dev`.
  agentRules: false,
  experimental: { agentUpgrade: false },

  // The app's relative imports carry no extension (bundler resolution, as
  // both webpack and Turbopack resolve it), unlike the NodeNext packages
  // whose imports end in `.js`: Turbopack does not map `.js` to `.ts`.
};

export default config;
