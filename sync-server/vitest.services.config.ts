import { defineProject } from 'vitest/config';

// The tests that need PostgreSQL or Redis (*.pg.test.ts); the root config lists this project only
// when the servers answer or TRELLIS_REQUIRE_SERVICES=1.
export default defineProject({
  test: {
    name: 'sync-server-services',
    include: ['src/**/*.pg.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
