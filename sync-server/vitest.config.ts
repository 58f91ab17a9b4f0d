import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'sync-server',
    include: ['src/**/*.test.ts'],
    // Run by vitest.services.config.ts, when PostgreSQL answers.
    exclude: ['src/**/*.pg.test.ts'],
    environment: 'node',
  },
});
