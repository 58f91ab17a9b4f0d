import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_COLUMNS, activityColumns, activityTable } from './sqliteActivity.ts';
import { prepareSchema } from './sqliteMigrations.ts';

describe('the SQLite activity', () => {
  it('ACT-5 keeps an alliance\'s newest entries within the bound, counting those still in the log, and no other alliance\'s', () => {
    const db = new Database(':memory:');
    prepareSchema(db);
    const activity = activityTable(db, 5);
    const insert = db.prepare(`INSERT INTO update_log (alliance_id, seq, data, ${ACTIVITY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const log = (allianceId: string, seq: number) =>
      insert.run(allianceId, seq, new Uint8Array([seq]), ...activityColumns({ at: seq, linkId: 'L', linkLabel: 'Ana', partnerId: 'p', places: [], placeCount: 0 }));
    const dropLog = db.prepare('DELETE FROM update_log WHERE alliance_id = ? AND seq <= ?');
    /** What compaction does with the records of the updates it folds. */
    const compact = (allianceId: string, throughSeq: number) => {
      activity.fold(allianceId, throughSeq);
      dropLog.run(allianceId, throughSeq);
      activity.trim(allianceId);
    };
    const seqs = (allianceId: string) => activity.list(allianceId, {}).map((entry) => entry.seq);

    for (let seq = 1; seq <= 8; seq++) log('a', seq);
    for (let seq = 1; seq <= 3; seq++) log('b', seq);
    compact('a', 6);
    // 7 and 8 are still in the log: of the folded six, the newest three stay.
    expect(seqs('a')).toEqual([8, 7, 6, 5, 4]);
    expect(seqs('b')).toEqual([3, 2, 1]);

    log('a', 9);
    log('a', 10);
    compact('a', 10);
    expect(seqs('a')).toEqual([10, 9, 8, 7, 6]);
    compact('b', 3);
    expect(seqs('b')).toEqual([3, 2, 1]);
    db.close();
  });
});
