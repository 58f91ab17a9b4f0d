import type Database from 'better-sqlite3';
import { sectionsOf, type ActivityEntry, type ActivityQuery, type Place } from '@trellis/shared';
import { MAX_ACTIVITY_ENTRIES, type ActivityRecord } from './allianceStore.ts';

interface ActivityRow {
  seq: number;
  at: number;
  link_id: string;
  link_label: string;
  partner_id: string | null;
  places: string;
  place_count: number;
}

/**
 * An activity record's columns, in the order `ACTIVITY_COLUMNS` names them. The update log's row
 * and the activity table share them: an update's record is written in the update's own row (one
 * b-tree insert per update), and moved to the activity table when compaction folds the update.
 */
export const ACTIVITY_COLUMNS = 'at, link_id, link_label, partner_id, places, place_count, sections';
export type ActivityColumns = [number, string, string, string | null, string, number, string];
/** The columns as the update log holds them: all null for an update without a record. */
export type LoggedActivity = [number | null, string | null, string | null, string | null, string | null, number | null, string | null];
/** An update stored without a record (a later part of a split update, or an older file's row). */
export const NO_ACTIVITY: LoggedActivity = [null, null, null, null, null, null, null];

/**
 * The places and sections of the last record encoded: every typing update's record names the same
 * places array (the charter), so a busy room encodes it once, not on every update.
 */
let lastPlaces: readonly Place[] | null = null;
let lastEncoded: { places: string; sections: string } = { places: '[]', sections: ',,' };

export function activityColumns(record: ActivityRecord): ActivityColumns {
  if (record.places !== lastPlaces) {
    // `sections` is ',charter,decisions,' so that a section filter is one LIKE.
    lastEncoded = { places: JSON.stringify(record.places), sections: `,${sectionsOf(record.places).join(',')},` };
    lastPlaces = record.places;
  }
  return [record.at, record.linkId, record.linkLabel, record.partnerId, lastEncoded.places, record.placeCount, lastEncoded.sections];
}

/**
 * The activity's statements (run after `prepareSchema`): records still in the update log's rows and
 * those compaction moved to the activity table, read as one list.
 */
export function activityTable(db: Database.Database, maxEntries = MAX_ACTIVITY_ENTRIES) {
  const fold = db.prepare<[string, number]>(
    `INSERT INTO activity (alliance_id, seq, ${ACTIVITY_COLUMNS})
       SELECT alliance_id, seq, ${ACTIVITY_COLUMNS} FROM update_log WHERE alliance_id = ? AND seq <= ? AND at IS NOT NULL`,
  );
  // The records still in the log count toward the bound too: they are the newest.
  const trim = db.prepare<{ alliance: string; keep: number }>(
    `DELETE FROM activity WHERE alliance_id = :alliance AND seq <= (
       SELECT seq FROM activity WHERE alliance_id = :alliance ORDER BY seq DESC LIMIT 1
       OFFSET max(0, :keep - (SELECT count(*) FROM update_log WHERE alliance_id = :alliance AND at IS NOT NULL)))`,
  );
  const lists = new Map<string, Database.Statement<unknown[], ActivityRow>>();
  return {
    /** Moves the records of the updates through `throughSeq` to the activity table (before compaction drops those rows). */
    fold(allianceId: string, throughSeq: number): void {
      fold.run(allianceId, throughSeq);
    },
    /** Keeps an alliance's newest `maxEntries` records, those in the log and those in the activity table together. */
    trim(allianceId: string): void {
      trim.run({ alliance: allianceId, keep: maxEntries });
    },
    list(allianceId: string, query: ActivityQuery): ActivityEntry[] {
      const conditions: string[] = [];
      const params: unknown[] = [];
      const where = (condition: string, param: unknown) => {
        conditions.push(condition);
        params.push(param);
      };
      if (query.before !== undefined) where('seq < ?', query.before);
      // `IS` matches null too: facilitators' links.
      if (query.partnerId !== undefined) where('partner_id IS ?', query.partnerId);
      if (query.section !== undefined) where('sections LIKE ?', `%,${query.section},%`);
      const filter = conditions.map((condition) => ` AND ${condition}`).join('');
      const columns = 'seq, at, link_id, link_label, partner_id, places, place_count';
      // Each side is read in its primary key's order and the two merged, so a page stops early.
      const sql = `SELECT ${columns} FROM activity WHERE alliance_id = ?${filter}
        UNION ALL SELECT ${columns} FROM update_log WHERE alliance_id = ? AND at IS NOT NULL${filter}
        ORDER BY seq DESC LIMIT ?`;
      let statement = lists.get(sql);
      if (!statement) lists.set(sql, (statement = db.prepare<unknown[], ActivityRow>(sql)));
      return statement.all(allianceId, ...params, allianceId, ...params, query.limit ?? -1).map((row) => ({
        seq: row.seq,
        at: row.at,
        linkId: row.link_id,
        linkLabel: row.link_label,
        partnerId: row.partner_id,
        places: JSON.parse(row.places) as Place[],
        placeCount: row.place_count,
      }));
    },
  };
}
