import { defineProject } from 'vitest/config';

// What crosses packages: integration (real relay, stock y-websocket clients), cluster (relays on private PostgreSQL and Redis), e2e (real Chromium), fuzz.
export default defineProject({
  test: {
    name: 'test',
    include: ['integration/**/*.test.ts', 'cluster/**/*.test.ts', 'e2e/**/*.test.ts', 'fuzz/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
