import type { PoolClient } from 'pg';
import { refuseNewerSchema } from './schemaVersion.ts';

/**
 * The PostgreSQL schema as numbered migrations, the same shape as SQLite's (sqliteMigrations.ts):
 * each runs once, in order, in one transaction; the version is kept in `trellis_schema`.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  // 1: the registry, the document log and the activity beside it.
  `CREATE TABLE alliances (
     id text PRIMARY KEY,
     name text NOT NULL,
     created_at bigint NOT NULL,
     creator_link_id text NOT NULL
   );
   CREATE TABLE links (
     id text PRIMARY KEY,
     alliance_id text NOT NULL REFERENCES alliances (id),
     role text NOT NULL,
     label text NOT NULL,
     partner_id text,
     token_hash bytea NOT NULL UNIQUE,
     created_at bigint NOT NULL,
     revoked_at bigint,
     -- The order links were made in: it breaks ties in created_at.
     position bigint GENERATED ALWAYS AS IDENTITY
   );
   CREATE INDEX links_by_alliance ON links (alliance_id, created_at, position);
   -- The last sequence number each alliance gave out. An append raises it and holds its row lock
   -- until commit, so an alliance's numbers are gapless and in commit order.
   CREATE TABLE log_heads (
     alliance_id text PRIMARY KEY,
     last_seq bigint NOT NULL
   );
   CREATE TABLE snapshots (
     alliance_id text PRIMARY KEY,
     data bytea NOT NULL,
     state_vector bytea NOT NULL,
     through_seq bigint NOT NULL
   );
   CREATE TABLE update_log (
     alliance_id text NOT NULL,
     seq bigint NOT NULL,
     data bytea NOT NULL,
     PRIMARY KEY (alliance_id, seq)
   );
   -- Who changed what (ACT-1): compaction does not fold it.
   CREATE TABLE activity (
     alliance_id text NOT NULL,
     seq bigint NOT NULL,
     at bigint NOT NULL,
     link_id text NOT NULL,
     link_label text NOT NULL,
     partner_id text,
     places jsonb NOT NULL,
     place_count integer NOT NULL,
     sections text[] NOT NULL,
     PRIMARY KEY (alliance_id, seq)
   );`,
];

/** Any number, fixed: the advisory lock that keeps two relays starting at once from migrating together. */
const MIGRATION_LOCK = 0x7472_6c73;

/** Brings the database to the latest version, in one transaction per migration. */
export async function migratePostgres(client: PoolClient): Promise<void> {
  for (;;) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS trellis_schema (version integer NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM trellis_schema');
      const version = rows[0]?.version ?? 0;
      refuseNewerSchema(version, POSTGRES_MIGRATIONS.length, 'PostgreSQL database');
      if (version === POSTGRES_MIGRATIONS.length) {
        await client.query('COMMIT');
        return;
      }
      await client.query(POSTGRES_MIGRATIONS[version]!);
      if (rows.length === 0) await client.query('INSERT INTO trellis_schema (version) VALUES ($1)', [version + 1]);
      else await client.query('UPDATE trellis_schema SET version = $1', [version + 1]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }
}
