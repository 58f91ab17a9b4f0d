import type { AllianceStore } from './allianceStore.ts';
import { DEFAULT_RETRY_FOR_MS, openPool, withRetry, type PostgresOptions } from './postgresConnection.ts';
import { postgresLog } from './postgresLog.ts';
import { migratePostgres } from './postgresMigrations.ts';
import { postgresRegistry } from './postgresRegistry.ts';

export type { PostgresOptions } from './postgresConnection.ts';

/**
 * The store on a PostgreSQL server (`DATABASE_URL`): several relays may share one database.
 * Opening it brings the schema up to date (POSTGRES_MIGRATIONS), waiting up to `retryForMs` for
 * the server.
 */
export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<AllianceStore> {
  const retryForMs = options.retryForMs ?? DEFAULT_RETRY_FOR_MS;
  const pool = openPool(url, options);
  try {
    await withRetry(
      async () => {
        const client = await pool.connect();
        let failure: Error | undefined;
        try {
          await migratePostgres(client);
        } catch (error) {
          failure = error instanceof Error ? error : new Error(String(error));
          throw error;
        } finally {
          // A failed connection is discarded, not pooled.
          client.release(failure);
        }
      },
      { retryForMs, log: options.log, what: 'migrate', unknownCommit: 'retry' },
    );
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closed = false;
  return {
    ...postgresRegistry(pool, retryForMs, options.log),
    ...postgresLog(pool, retryForMs, options.log),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
