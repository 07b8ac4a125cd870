import { defineConfig } from 'vitest/config';

// Three projects: fast Node-side tests (domain, data layer, server, contract, sync), the convergence test of many
// stations, and end-to-end tests that drive the built app in a real headless Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/{unit,data,server,contract,sync}/**/*.test.ts'],
          exclude: ['tests/sync/convergence.test.ts'],
          environment: 'node',
        },
      },
      {
        // Twenty stations in worker threads against a server process take both cores for minutes: run alone, so
        // they neither starve nor are starved by the timing-sensitive tests of the other projects.
        test: {
          name: 'convergence',
          include: ['tests/sync/convergence.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
