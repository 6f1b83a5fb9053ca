import { defineConfig } from 'vitest/config';

// One runner for unit and integration tests across the workspace. The
// `source` condition makes workspace packages resolve to their TypeScript
// sources, so tests never run against a stale build.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['{apps,packages,workers}/*/test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
