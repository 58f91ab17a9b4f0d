import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { probe, SERVICES_REQUIRED, TEST_DATABASE_URL } from './services.ts';

/**
 * A database of the test file's own, `trellis_test_<random>`, made on the test server before the
 * file and dropped after it. `url` reads it once made.
 */
export function useTestDatabase(): { readonly url: string } {
  let url = '';
  let name = '';
  beforeAll(async () => {
    const server = await probe('PostgreSQL', TEST_DATABASE_URL, 5432);
    if (server.unreachable !== null) {
      const because = SERVICES_REQUIRED ? ' (TRELLIS_REQUIRE_SERVICES=1)' : '';
      throw new Error(`PostgreSQL at ${server.url} is unreachable${because}: ${server.unreachable}`);
    }
    name = `trellis_test_${randomBytes(6).toString('hex')}`;
    await asAdmin((client) => client.query(`CREATE DATABASE ${name}`));
    const made = new URL(TEST_DATABASE_URL);
    made.pathname = `/${name}`;
    url = made.toString();
  });
  afterAll(async () => {
    // FORCE: a relay that did not close must not keep the database.
    if (name) await asAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return {
    get url() {
      if (!url) throw new Error('the test database is made in beforeAll');
      return url;
    },
  };
}

async function asAdmin(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
