import type pg from 'pg';
import type { Logger } from '../log.ts';
import { inTransaction, withRetry } from './postgresConnection.ts';
import type { AllianceRegistry, LinkRecord, RevokeOutcome } from './allianceStore.ts';
import { toLink, type LinkRow } from './linkRow.ts';

const LINK_COLUMNS = 'id, alliance_id, role, label, partner_id, token_hash, created_at, revoked_at';

/** Alliances and links in PostgreSQL (the pool's owner closes it). */
export function postgresRegistry(pool: pg.Pool, retryForMs: number, log?: Logger): Omit<AllianceRegistry, 'close'> {
  const read = <T>(what: string, work: () => Promise<T>) => withRetry(work, { retryForMs, log, what, unknownCommit: 'fail' });
  const write = <T>(what: string, work: (client: pg.PoolClient) => Promise<T>) =>
    withRetry(() => inTransaction(pool, work), { retryForMs, log, what, unknownCommit: 'fail' });

  return {
    createAlliance: (alliance, creatorLink) =>
      write('create alliance', async (client) => {
        const inserted = await client.query(
          'INSERT INTO alliances (id, name, created_at, creator_link_id) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING id',
          [alliance.id, alliance.name, alliance.createdAt, alliance.creatorLinkId],
        );
        if (inserted.rowCount === 0) return 'exists' as const;
        if (!(await insertLink(client, creatorLink))) {
          // Nothing of the alliance stays: the transaction is rolled back by the throw's catch.
          throw new SecretTaken();
        }
        return 'created' as const;
      }).catch((error: unknown) => {
        if (error instanceof SecretTaken) return 'secret_taken' as const;
        throw error;
      }),

    getAlliance: (id) =>
      read('get alliance', async () => {
        const { rows } = await pool.query<{ id: string; name: string; created_at: number; creator_link_id: string }>(
          'SELECT id, name, created_at, creator_link_id FROM alliances WHERE id = $1',
          [id],
        );
        const row = rows[0];
        return row ? { id: row.id, name: row.name, createdAt: row.created_at, creatorLinkId: row.creator_link_id } : null;
      }),

    createLink: (link, maxLive) =>
      write('create link', async (client) => {
        // The alliance's row lock: two links made at once cannot both pass the cap.
        const alliance = await client.query('SELECT 1 FROM alliances WHERE id = $1 FOR UPDATE', [link.allianceId]);
        if (alliance.rowCount === 0) throw new Error(`alliance ${link.allianceId} does not exist`);
        const { rows } = await client.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM links WHERE alliance_id = $1 AND revoked_at IS NULL',
          [link.allianceId],
        );
        if (rows[0]!.n >= maxLive) return 'limit' as const;
        if (!(await insertLink(client, link))) throw new Error('token hash exists');
        return 'created' as const;
      }),

    listLinks: (allianceId, page = {}) =>
      read('list links', async () => {
        const limit = page.limit ?? null; // LIMIT NULL is no limit
        const { rows } =
          page.after === undefined
            ? await pool.query<LinkRow>(
                `SELECT ${LINK_COLUMNS} FROM links WHERE alliance_id = $1 ORDER BY created_at, position LIMIT $2`,
                [allianceId, limit],
              )
            : await pool.query<LinkRow>(
                `SELECT ${LINK_COLUMNS} FROM links WHERE alliance_id = $1
                   AND (created_at, position) > (SELECT created_at, position FROM links WHERE alliance_id = $1 AND id = $2)
                 ORDER BY created_at, position LIMIT $3`,
                [allianceId, page.after, limit],
              );
        return rows.map(toLink);
      }),

    revokeLink: (allianceId, linkId, at) =>
      write('revoke link', async (client): Promise<RevokeOutcome> => {
        // The alliance's row lock: two owners revoking each other at once cannot leave none.
        await client.query('SELECT 1 FROM alliances WHERE id = $1 FOR UPDATE', [allianceId]);
        const { rows } = await client.query<LinkRow>(`SELECT ${LINK_COLUMNS} FROM links WHERE alliance_id = $1 AND id = $2`, [
          allianceId,
          linkId,
        ]);
        const link = rows[0];
        if (!link) return 'not_found';
        if (link.revoked_at !== null) return 'revoked';
        if (link.role === 'owner') {
          const owners = await client.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM links WHERE alliance_id = $1 AND role = 'owner' AND revoked_at IS NULL",
            [allianceId],
          );
          if (owners.rows[0]!.n <= 1) return 'last_owner';
        }
        await client.query('UPDATE links SET revoked_at = $1 WHERE alliance_id = $2 AND id = $3', [at, allianceId, linkId]);
        return 'revoked';
      }),

    findLinkByTokenHash: (tokenHash) =>
      read('find link', async () => {
        const { rows } = await pool.query<LinkRow>(`SELECT ${LINK_COLUMNS} FROM links WHERE token_hash = $1`, [Buffer.from(tokenHash)]);
        return rows[0] ? toLink(rows[0]) : null;
      }),
  };
}

class SecretTaken extends Error {}

/** False when the secret's hash already belongs to a link. */
async function insertLink(client: pg.PoolClient, link: LinkRecord): Promise<boolean> {
  const inserted = await client.query(
    `INSERT INTO links (id, alliance_id, role, label, partner_id, token_hash, created_at, revoked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (token_hash) DO NOTHING`,
    [link.id, link.allianceId, link.role, link.label, link.partnerId, Buffer.from(link.tokenHash), link.createdAt, link.revokedAt],
  );
  return inserted.rowCount === 1;
}
