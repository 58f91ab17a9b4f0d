import type Database from 'better-sqlite3';

/**
 * Numbered schema migrations (`PRAGMA user_version`): each runs once, in order, in one transaction. Earlier
 * changes (the clustered update log, links' partner column) predate the numbering and check for themselves.
 */
const MIGRATIONS: readonly string[] = [
  // 1: who changed what (ACT-1). A table of its own, clustered by alliance and seq, that compaction does not fold.
  // `sections` is ',charter,decisions,' so that a section filter is one LIKE.
  `CREATE TABLE activity (
     alliance_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     at INTEGER NOT NULL,
     link_id TEXT NOT NULL,
     link_label TEXT NOT NULL,
     partner_id TEXT,
     places TEXT NOT NULL,
     place_count INTEGER NOT NULL,
     sections TEXT NOT NULL,
     PRIMARY KEY (alliance_id, seq)
   ) WITHOUT ROWID`,
  // 2: an update's activity record in the update's own row, so that storing an update is one insert
  // into one b-tree (one page written); compaction moves the records of the updates it folds to `activity`.
  `ALTER TABLE update_log ADD COLUMN at INTEGER;
   ALTER TABLE update_log ADD COLUMN link_id TEXT;
   ALTER TABLE update_log ADD COLUMN link_label TEXT;
   ALTER TABLE update_log ADD COLUMN partner_id TEXT;
   ALTER TABLE update_log ADD COLUMN places TEXT;
   ALTER TABLE update_log ADD COLUMN place_count INTEGER;
   ALTER TABLE update_log ADD COLUMN sections TEXT`,
];

export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let index = version; index < MIGRATIONS.length; index++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[index]!);
      db.pragma(`user_version = ${index + 1}`);
    })();
  }
}


/**
 * Files written before the log was clustered by alliance kept it in `updates`, numbered across all
 * alliances with an index beside it (three pages written per update). Those numbers rise within
 * each alliance, which is all a sequence number must do, so the rows move over as they are.
 */
export function migrateUpdateLog(db: Database.Database): void {
  const legacy = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'updates'").get();
  if (!legacy) return;
  db.transaction(() => {
    db.exec(`
      INSERT INTO update_log (alliance_id, seq, data) SELECT alliance_id, seq, data FROM updates;
      DROP TABLE updates;
      DELETE FROM sqlite_sequence WHERE name = 'updates';
    `);
  })();
}

