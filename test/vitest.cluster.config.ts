import { defineProject } from 'vitest/config';

// The cluster tests: relays as child processes on PostgreSQL and Redis servers of their own (started
// from the same binaries as the shared ones, on free ports, so restarts never disturb other tests);
// listed by the root config only when the servers answer or TRELLIS_REQUIRE_SERVICES=1.
export default defineProject({
  test: {
    name: 'test-cluster',
    include: ['cluster/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
