import { connect } from 'node:net';

/**
 * The servers the PostgreSQL and Redis tests use, and whether they answer. No Vitest here: the
 * Vitest config probes with it before any test file loads.
 *
 * TRELLIS_TEST_DATABASE_URL: a PostgreSQL server whose user may create databases (default
 * postgres://postgres@127.0.0.1:5432/postgres). TRELLIS_TEST_REDIS_URL: default redis://127.0.0.1:6379.
 * TRELLIS_REQUIRE_SERVICES=1 (CI): an unreachable server fails the run instead of leaving its tests out.
 */
export const TEST_DATABASE_URL = process.env.TRELLIS_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TRELLIS_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
export const SERVICES_REQUIRED = process.env.TRELLIS_REQUIRE_SERVICES === '1';

export interface ServiceProbe {
  name: 'PostgreSQL' | 'Redis';
  url: string;
  /** Null when the server accepted a connection; otherwise why not. */
  unreachable: string | null;
}

/** Whether a TCP connection to the URL's host and port opens within `timeoutMs`. */
export function probe(name: ServiceProbe['name'], url: string, defaultPort: number, timeoutMs = 1_000): Promise<ServiceProbe> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const where = `${host}:${port || defaultPort}`;
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port || defaultPort) });
    const done = (unreachable: string | null) => {
      socket.destroy();
      resolve({ name, url: where, unreachable });
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(null));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

export function probeServices(): Promise<ServiceProbe[]> {
  return Promise.all([probe('PostgreSQL', TEST_DATABASE_URL, 5432), probe('Redis', TEST_REDIS_URL, 6379)]);
}

/** The plain sentence `npm test` ends with when a server did not answer. */
export function servicesNotice(probes: readonly ServiceProbe[]): string | null {
  const down = probes.filter((p) => p.unreachable !== null);
  if (down.length === 0) return null;
  const why = down.map((p) => `${p.name} at ${p.url}: ${p.unreachable}`).join('; ');
  return [
    `NOT RUN: the PostgreSQL and Redis tests (the store contract on PostgreSQL, the relay's suite on PostgreSQL, the cluster tests) did not run,`,
    `because ${why}.`,
    `Start them (README, "Test it") or set TRELLIS_TEST_DATABASE_URL / TRELLIS_TEST_REDIS_URL; TRELLIS_REQUIRE_SERVICES=1 makes this a failure.`,
  ].join('\n');
}
