import type { NextConfig } from 'next';

/**
 * The Next app of the WebClient Service. The custom server in `server/`
 * owns the listeners and hands Next the plain HTTP requests.
 */
const config: NextConfig = {
  poweredByHeader: false,

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

  experimental: {
    // Relative imports end in `.js` across the repository (NodeNext); let
    // webpack find the TypeScript file behind them.
    extensionAlias: {
      '.js': ['.ts', '.tsx', '.js'],
    },
  },
};

export default config;
