import { defineProject } from 'vitest/config';

// What crosses packages: integration (real relay, stock y-websocket clients), e2e (real Chromium), fuzz. The cluster
// tests (relays on private PostgreSQL and Redis servers) are in test/vitest.services.config.ts.
export default defineProject({
  test: {
    name: 'test',
    include: ['integration/**/*.test.ts', 'e2e/**/*.test.ts', 'fuzz/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
