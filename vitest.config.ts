import { defineConfig } from 'vitest/config';
import { probeServices, SERVICES_REQUIRED } from './sync-server/src/testing/services.ts';

// The PostgreSQL and Redis tests run when their servers answer, or always with
// TRELLIS_REQUIRE_SERVICES=1 (CI), where an unreachable server then fails them. Left out, the run
// ends with a plain notice saying so and why (test/servicesNotice.ts).
export default defineConfig(async () => {
  const probes = await probeServices();
  const run = SERVICES_REQUIRED || probes.every((p) => p.unreachable === null);
  process.env.TRELLIS_SERVICES_PROBE = JSON.stringify(probes);
  return {
    test: {
      projects: [
        'shared',
        'sync-server',
        'client',
        'test',
        ...(run ? ['sync-server/vitest.services.config.ts', 'test/vitest.services.config.ts', 'test/vitest.cluster.config.ts'] : []),
      ],
      globalSetup: ['./test/servicesNotice.ts'],
      allowOnly: !process.env.CI,
    },
  };
});
