import type Database from 'better-sqlite3';
import { refuseNewerSchema } from './schemaVersion.ts';

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
  // The record's columns come before the update's bytes: a large update spills onto overflow pages, and
  // reading a record that sat after it would walk them.
  `CREATE TABLE update_log_2 (
     alliance_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     at INTEGER,
     link_id TEXT,
     link_label TEXT,
     partner_id TEXT,
     places TEXT,
     place_count INTEGER,
     sections TEXT,
     data BLOB NOT NULL,
     PRIMARY KEY (alliance_id, seq)
   ) WITHOUT ROWID;
   INSERT INTO update_log_2 (alliance_id, seq, data) SELECT alliance_id, seq, data FROM update_log;
   DROP TABLE update_log;
   ALTER TABLE update_log_2 RENAME TO update_log`,
];

/** Refuses a file a newer relay migrated (STORE-20), before anything is written to it. */
export function refuseNewerFile(db: Database.Database): void {
  refuseNewerSchema(db.pragma('user_version', { simple: true }) as number, MIGRATIONS.length, 'SQLite database file');
}

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

/**
 * The store's tables, made or brought up to date: the layout every file starts from, then the changes made before
 * the numbering (which check for themselves), then the numbered migrations.
 */
export function prepareSchema(db: Database.Database): void {
  refuseNewerFile(db);
  db.exec(`
    CREATE TABLE IF NOT EXISTS alliances (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      creator_link_id TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS links (
      id TEXT PRIMARY KEY,
      alliance_id TEXT NOT NULL REFERENCES alliances(id),
      role TEXT NOT NULL,
      label TEXT NOT NULL,
      partner_id TEXT,
      token_hash BLOB NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      revoked_at INTEGER
    );
    CREATE INDEX IF NOT EXISTS links_by_alliance ON links (alliance_id, created_at);
    CREATE TABLE IF NOT EXISTS snapshots (
      alliance_id TEXT PRIMARY KEY,
      data BLOB NOT NULL,
      state_vector BLOB NOT NULL,
      through_seq INTEGER NOT NULL
    );
    -- Each alliance's log, clustered by alliance: appending an update writes one page.
    CREATE TABLE IF NOT EXISTS update_log (
      alliance_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (alliance_id, seq)
    ) WITHOUT ROWID;
  `);
  migrateUpdateLog(db);
  migrate(db);

  // Files made before links carried a partner gain the column.
  const linkColumns = db.prepare<[], { name: string }>('PRAGMA table_info(links)').all();
  if (!linkColumns.some((c) => c.name === 'partner_id')) db.exec('ALTER TABLE links ADD COLUMN partner_id TEXT');
}
