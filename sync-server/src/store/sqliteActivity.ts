import type Database from 'better-sqlite3';
import { sectionOf, type ActivityEntry, type ActivityQuery, type Place } from '@trellis/shared';
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

/** The activity table's statements (run after `migrate`). */
export function activityTable(db: Database.Database) {
  const insert = db.prepare<[string, number, number, string, string, string | null, string, number, string]>(
    'INSERT INTO activity (alliance_id, seq, at, link_id, link_label, partner_id, places, place_count, sections) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const trim = db.prepare<[string, string, number]>(
    'DELETE FROM activity WHERE alliance_id = ? AND seq <= (SELECT seq FROM activity WHERE alliance_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)',
  );
  const lists = new Map<string, Database.Statement<unknown[], ActivityRow>>();
  return {
    insert(allianceId: string, seq: number, record: ActivityRecord): void {
      const sections = `,${[...new Set(record.places.map(sectionOf))].join(',')},`;
      insert.run(allianceId, seq, record.at, record.linkId, record.linkLabel, record.partnerId, JSON.stringify(record.places), record.placeCount, sections);
    },
    /** Keeps an alliance's newest MAX_ACTIVITY_ENTRIES. */
    trim(allianceId: string): void {
      trim.run(allianceId, allianceId, MAX_ACTIVITY_ENTRIES);
    },
    list(allianceId: string, query: ActivityQuery): ActivityEntry[] {
      const conditions = ['alliance_id = ?'];
      const params: unknown[] = [allianceId];
      const where = (condition: string, param: unknown) => {
        conditions.push(condition);
        params.push(param);
      };
      if (query.before !== undefined) where('seq < ?', query.before);
      // `IS` matches null too: facilitators' links.
      if (query.partnerId !== undefined) where('partner_id IS ?', query.partnerId);
      if (query.section !== undefined) where('sections LIKE ?', `%,${query.section},%`);
      params.push(query.limit ?? -1);
      const sql = `SELECT seq, at, link_id, link_label, partner_id, places, place_count FROM activity WHERE ${conditions.join(' AND ')} ORDER BY seq DESC LIMIT ?`;
      let statement = lists.get(sql);
      if (!statement) lists.set(sql, (statement = db.prepare<unknown[], ActivityRow>(sql)));
      return statement.all(...params).map((row) => ({
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
