import { defineProject } from 'vitest/config';

// The relay's integration suite again, on PostgreSQL (relayHarness reads TRELLIS_TEST_STORE);
// listed by the root config only when the servers answer or TRELLIS_REQUIRE_SERVICES=1.
export default defineProject({
  test: {
    name: 'test-postgres',
    include: ['integration/sync.test.ts', 'integration/durability.test.ts', 'integration/authority.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    env: { TRELLIS_TEST_STORE: 'postgres' },
  },
});
