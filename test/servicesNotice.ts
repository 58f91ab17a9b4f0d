import { SERVICES_REQUIRED, servicesNotice, type ServiceProbe } from '../sync-server/src/testing/services.ts';

/**
 * Vitest global setup: its teardown runs after the summary, so a run that left the PostgreSQL and
 * Redis tests out says so in its last lines.
 */
export default function setup(): () => void {
  return () => {
    if (SERVICES_REQUIRED) return;
    const probes = JSON.parse(process.env.TRELLIS_SERVICES_PROBE ?? '[]') as ServiceProbe[];
    const notice = servicesNotice(probes);
    if (notice) process.stdout.write(`\n${notice}\n`);
  };
}
