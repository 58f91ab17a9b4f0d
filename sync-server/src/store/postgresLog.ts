import type pg from 'pg';
import { sectionsOf, type ActivityEntry, type Place } from '@trellis/shared';
import type { Logger } from '../log.ts';
import { inTransaction, withRetry } from './postgresConnection.ts';
import { MAX_ACTIVITY_ENTRIES, type DocumentLog, type StoredDocument, type UpdateEntry } from './allianceStore.ts';

/**
 * Each alliance's document in PostgreSQL. An append is committed (synchronous_commit on) before
 * it resolves; its numbers come from the alliance's `log_heads` row, raised in the append's own
 * transaction, whose row lock makes the next append of that alliance wait for this one's commit:
 * numbers are gapless and in commit order, across every relay on the database.
 */
export function postgresLog(pool: pg.Pool, retryForMs: number, log?: Logger): Omit<DocumentLog, 'close'> {
  const options = (what: string) => ({ retryForMs, log, what, unknownCommit: 'retry' as const });

  /**
   * Raises the alliance's head by the count of its updates and logs them under the new numbers, each
   * update's activity record (ACT-5) under its number: one statement, so one round trip and its own
   * transaction. `$3` holds the ordinals (1-based) of the updates that have a record, `$4`.. its fields.
   */
  const appendStatement = `
    WITH head AS (
      INSERT INTO log_heads (alliance_id, last_seq) VALUES ($1, cardinality($2::bytea[]))
      ON CONFLICT (alliance_id) DO UPDATE SET last_seq = log_heads.last_seq + excluded.last_seq
      RETURNING last_seq
    ),
    numbered AS (
      SELECT (SELECT last_seq FROM head) - cardinality($2::bytea[]) + u.ord AS seq, u.data, u.ord
      FROM unnest($2::bytea[]) WITH ORDINALITY AS u (data, ord)
    ),
    recorded AS (
      INSERT INTO activity (alliance_id, seq, at, link_id, link_label, partner_id, places, place_count, sections)
      SELECT $1, n.seq, r.at, r.link_id, r.link_label, r.partner_id, r.places::jsonb, r.place_count, string_to_array(r.sections, ',')
      FROM unnest($3::int[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[])
        AS r (ord, at, link_id, link_label, partner_id, places, place_count, sections)
      JOIN numbered n ON n.ord = r.ord
    )
    INSERT INTO update_log (alliance_id, seq, data)
    SELECT $1, seq, data FROM numbered
    RETURNING seq`;

  async function appendAlliance(client: pg.Pool | pg.PoolClient, allianceId: string, entries: UpdateEntry[]): Promise<number[]> {
    const records: Array<[number, NonNullable<UpdateEntry['activity']>]> = [];
    entries.forEach((entry, index) => entry.activity && records.push([index + 1, entry.activity]));
    const { rows } = await client.query<{ seq: number }>(appendStatement, [
      allianceId,
      entries.map((e) => Buffer.from(e.update)),
      records.map(([ord]) => ord),
      records.map(([, record]) => record.at),
      records.map(([, record]) => record.linkId),
      records.map(([, record]) => record.linkLabel),
      records.map(([, record]) => record.partnerId),
      records.map(([, record]) => JSON.stringify(record.places)),
      records.map(([, record]) => record.placeCount),
      // Section names are words of the vocabulary: joined with commas, split again in the statement.
      records.map(([, record]) => sectionsOf(record.places).join(',')),
    ]);
    return rows.map((row) => row.seq).sort((a, b) => a - b);
  }

  return {
    syncsEveryAppend: true,

    loadDocument: (allianceId) =>
      withRetry(async (): Promise<StoredDocument> => {
        // One statement, so one view of the data: a compaction committing meanwhile cannot fold
        // updates between reading the snapshot and reading the log.
        const { rows } = await pool.query<{ seq: number | null; through_seq: number | null; data: Buffer; state_vector: Buffer | null }>(
          `SELECT NULL::bigint AS seq, through_seq, data, state_vector FROM snapshots WHERE alliance_id = $1
           UNION ALL
           SELECT seq, NULL, data, NULL FROM update_log
           WHERE alliance_id = $1 AND seq > coalesce((SELECT through_seq FROM snapshots WHERE alliance_id = $1), 0)
           ORDER BY seq NULLS FIRST`,
          [allianceId],
        );
        let throughSeq = 0;
        for (const row of rows) throughSeq = row.seq ?? row.through_seq ?? throughSeq;
        const whole = rows.length === 1 && rows[0]!.seq === null;
        return {
          updates: rows.map((row) => new Uint8Array(row.data)),
          throughSeq,
          stateVector: whole ? new Uint8Array(rows[0]!.state_vector!) : null,
        };
      }, options('load document')),

    loadSince: (allianceId, afterSeq) =>
      withRetry(async () => {
        const { rows } = await pool.query<{ seq: number | null; through_seq: number | null; data: Buffer | null }>(
          `SELECT NULL::bigint AS seq, through_seq, NULL::bytea AS data FROM snapshots WHERE alliance_id = $1
           UNION ALL
           SELECT seq, NULL, data FROM update_log WHERE alliance_id = $1 AND seq > $2
           ORDER BY seq NULLS FIRST`,
          [allianceId, afterSeq],
        );
        if (rows[0]?.seq === null && rows[0].through_seq! > afterSeq) return { compacted: true as const };
        const updates = rows.filter((row) => row.seq !== null).map((row) => ({ seq: row.seq!, update: new Uint8Array(row.data!) }));
        return { compacted: false as const, updates };
      }, options('load since')),

    appendUpdates: async (entries) => {
      if (entries.length === 0) return [];
      const byAlliance = new Map<string, UpdateEntry[]>();
      for (const entry of entries) byAlliance.set(entry.allianceId, [...(byAlliance.get(entry.allianceId) ?? []), entry]);
      const seqsByAlliance = new Map<string, number[]>();
      if (byAlliance.size === 1) {
        // One statement is one transaction: one round trip.
        seqsByAlliance.set(entries[0]!.allianceId, await withRetry(() => appendAlliance(pool, entries[0]!.allianceId, [...entries]), options('append')));
      } else {
        await withRetry(
          () =>
            inTransaction(pool, async (client) => {
              seqsByAlliance.clear();
              // Alliances in one order, so two relays' batches lock their heads without a deadlock.
              for (const allianceId of [...byAlliance.keys()].sort()) {
                const group = byAlliance.get(allianceId)!;
                seqsByAlliance.set(allianceId, await appendAlliance(client, allianceId, group));
              }
            }),
          options('append'),
        );
      }
      const next = new Map<string, number>();
      return entries.map((entry) => {
        const index = next.get(entry.allianceId) ?? 0;
        next.set(entry.allianceId, index + 1);
        return seqsByAlliance.get(entry.allianceId)![index]!;
      });
    },

    compact: (allianceId, snapshot, stateVector, throughSeq) =>
      withRetry(
        () =>
          inTransaction(pool, async (client) => {
            // The upsert locks the snapshot row, so two relays compacting the same alliance take
            // turns; the older snapshot (lower throughSeq) does not replace the newer.
            await client.query(
              `INSERT INTO snapshots (alliance_id, data, state_vector, through_seq) VALUES ($1, $2, $3, $4)
               ON CONFLICT (alliance_id) DO UPDATE
               SET data = excluded.data, state_vector = excluded.state_vector, through_seq = excluded.through_seq
               WHERE snapshots.through_seq <= excluded.through_seq`,
              [allianceId, Buffer.from(snapshot), Buffer.from(stateVector), throughSeq],
            );
            // Only what the stored snapshot holds is dropped, whichever compaction won.
            await client.query(
              'DELETE FROM update_log WHERE alliance_id = $1 AND seq <= (SELECT through_seq FROM snapshots WHERE alliance_id = $1)',
              [allianceId],
            );
            // A snapshot without a logged update before it still numbers the next update after it.
            await client.query('INSERT INTO log_heads (alliance_id, last_seq) VALUES ($1, $2) ON CONFLICT (alliance_id) DO NOTHING', [
              allianceId,
              throughSeq,
            ]);
            await client.query(
              `DELETE FROM activity WHERE alliance_id = $1
               AND seq <= (SELECT seq FROM activity WHERE alliance_id = $1 ORDER BY seq DESC LIMIT 1 OFFSET $2)`,
              [allianceId, MAX_ACTIVITY_ENTRIES],
            );
          }),
        options('compact'),
      ),

    listActivity: (allianceId, query) =>
      withRetry(async (): Promise<ActivityEntry[]> => {
        const conditions = ['alliance_id = $1'];
        const params: unknown[] = [allianceId];
        const where = (condition: (n: string) => string, param: unknown) => {
          params.push(param);
          conditions.push(condition(`$${params.length}`));
        };
        if (query.before !== undefined) where((n) => `seq < ${n}`, query.before);
        if (query.partnerId !== undefined) where((n) => `partner_id IS NOT DISTINCT FROM ${n}`, query.partnerId);
        if (query.section !== undefined) where((n) => `${n} = ANY (sections)`, query.section);
        params.push(query.limit ?? null);
        const { rows } = await pool.query<{
          seq: number;
          at: number;
          link_id: string;
          link_label: string;
          partner_id: string | null;
          places: Place[];
          place_count: number;
        }>(
          `SELECT seq, at, link_id, link_label, partner_id, places, place_count FROM activity
           WHERE ${conditions.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
          params,
        );
        return rows.map((row) => ({
          seq: row.seq,
          at: row.at,
          linkId: row.link_id,
          linkLabel: row.link_label,
          partnerId: row.partner_id,
          places: row.places,
          placeCount: row.place_count,
        }));
      }, options('list activity')),
  };
}
