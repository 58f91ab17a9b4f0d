import { defineProject } from 'vitest/config';

// The relay's integration suite again, on PostgreSQL (relayHarness reads TRELLIS_TEST_STORE);
// listed by the root config only when the servers answer or TRELLIS_REQUIRE_SERVICES=1.
export default defineProject({
  test: {
    name: 'test-postgres',
    // Every file but the two that read SQLite's own files (access.test.ts: its WAL; updatePath.test.ts: its rows).
    include: [
      'integration/sync.test.ts',
      'integration/durability.test.ts',
      'integration/authority.test.ts',
      'integration/api.test.ts',
      'integration/hostile.test.ts',
      'integration/linkSockets.test.ts',
      'integration/presence.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    env: { TRELLIS_TEST_STORE: 'postgres' },
  },
});
