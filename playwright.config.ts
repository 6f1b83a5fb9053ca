import { defineConfig } from '@playwright/test';

/**
 * Browser journeys in Debian's Chromium (`apt-get install chromium`; the
 * test script installs it when missing). Playwright never downloads a
 * browser here. One worker: the journeys share one running product, and
 * each logged-in browser owns a render worker process of its own.
 */
export default defineConfig({
  testDir: 'playwright',
  testMatch: '*.spec.ts',
  globalSetup: './playwright/support/global-setup.ts',
  outputDir: 'test-results/playwright',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // As the machine notes prescribe: no sandbox (root in CI), no GPU
      // (WebGL still works through SwiftShader), and nothing that reaches
      // for the network beyond the product on loopback.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
