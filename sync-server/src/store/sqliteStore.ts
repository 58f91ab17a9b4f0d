import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../log.ts';
import { ACTIVITY_COLUMNS, NO_ACTIVITY, activityColumns, activityTable, type LoggedActivity } from './sqliteActivity.ts';
import { startWalCheckpointer } from './walCheckpointer.ts';
import { prepareSchema, refuseNewerFile } from './sqliteMigrations.ts';
import { toLink, type LinkRow } from './linkRow.ts';
import type { AllianceRow } from './sqliteRows.ts';
import type { AllianceRecord, AllianceStore, LinkRecord, LogSince, RevokeOutcome, StoredDocument, UpdateEntry } from './allianceStore.ts';

export const SQLITE_FILE_NAME = 'trellis.sqlite';

export interface SqliteOptions {
  /**
   * NORMAL (the default): a commit is written to the WAL, which survives the relay being killed,
   * and reaches the disk within `flushEveryMs`, when a checkpoint syncs the WAL. FULL: every commit is fsynced on the
   * event loop before it returns (the relay waits for the disk on every update).
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** With NORMAL: how long after a commit the checkpoint that puts it on disk runs. */
  flushEveryMs?: number;
  /** Where a failing checkpoint is reported. */
  log?: Logger;
  /** How often a WAL with commits in it is checkpointed whatever their count (default CHECKPOINT_EVERY_MS). */
  checkpointEveryMs?: number;
}

export const DEFAULT_FLUSH_EVERY_MS = 200;
/**
 * With NORMAL: commits between checkpoints. A lone update's commit writes one page of the log, so
 * this is about SQLite's own default of 1,000 WAL pages.
 */
export const CHECKPOINT_EVERY_COMMITS = 1_000;
/**
 * An API commit counts as this many document commits: registering an alliance inserts into six
 * b-trees (two tables, four indexes) and grows the WAL by about this many pages (measured:
 * reports/bench.md, notes).
 */
export const API_COMMIT_WEIGHT = 12;
/**
 * A WAL this long (frames of one page, 4 KiB) is checkpointed on the relay's thread at the end of a turn, so that
 * SQLite can start it over (WAL-1): the checkpointing thread's own, racing the commits, may never complete.
 */
export const WAL_RESTART_FRAMES = 1_000;
/** Whatever the count, a WAL with commits in it is checkpointed this often. */
export const CHECKPOINT_EVERY_MS = 10_000;
/** The size the WAL file is cut back to when SQLite starts it over after a checkpoint. */
export const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * The embedded default store: one SQLite file in the data directory, in WAL mode.
 *
 * Durability (README, "Storage"): a document update is committed before the relay relays it, so
 * a killed relay (kill -9) loses nothing anyone has seen. With the default NORMAL, a checkpoint
 * runs within `flushEveryMs` of a commit: SQLite syncs the WAL before it and the database after
 * (https://www.sqlite.org/pragma.html#pragma_synchronous), so a power cut or OS crash may roll
 * back at most that window, and the writers' browsers, which keep every update, send it again on
 * their next connection (the relay asks each writer for what it lacks). Links and alliances are
 * not in any browser, so their commits are fsynced (FULL) before they resolve, always.
 *
 * Why not FULL for every update: measured on the fan-out bench (test/bench/relay.bench.ts), the
 * fsync of each spaced commit costs CPU and a wait on the event loop, which no batching within a
 * turn recovers at 200 updates a second; FULL remains an option. (Tried and measured: a writer
 * thread committing each update with FULL, whose two thread wake-ups per commit cost more than the
 * flush.) The checkpoints run on a thread of their own (walCheckpointer.ts): on the event loop their
 * fsyncs showed in the fan-out's p99. Figures: reports/bench.md, notes.
 */
/** The SQLite store, and whether its checkpoints run on their own thread (true) or on the relay's. */
export type SqliteStore = AllianceStore & { readonly checkpointThread: Promise<boolean> };

export function openSqliteStore(dataDir: string, options: SqliteOptions = {}): SqliteStore {
  const synchronous = options.synchronous ?? 'NORMAL';
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE_NAME);
  const db = new Database(file);
  try {
    // Before any setting is written: a file a newer relay migrated is left exactly as it was (STORE-20).
    refuseNewerFile(db);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // SQLite checkpoints inside the commit that crosses its threshold, so the update in that commit
    // waits for the copy and both syncs before it is relayed. With FULL that wait is there anyway and
    // is kept short (at SQLite's default of 1,000 pages each one showed as a stall on the bench). With NORMAL the store checkpoints itself once the turn's updates are relayed
    // (afterCommit), so no update waits inside its own commit for a checkpoint.
    // With NORMAL SQLite's own checkpoint stays as a backstop by size, for commits far larger than
    // an update (snapshots): it runs only if the WAL passes 16 MiB before the store's own checkpoint.
    db.pragma(`wal_autocheckpoint = ${synchronous === 'FULL' ? 128 : 4096}`);
    // A checkpoint lets SQLite start the WAL over; past this size the file is then cut back, so one
    // burst does not leave a large WAL on disk for good.
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    prepareSchema(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const flushEveryMs = options.flushEveryMs ?? DEFAULT_FLUSH_EVERY_MS;
  /** With NORMAL: the checkpoint that puts the commits since the last one on disk, armed by a commit. */
  let flushTimer: NodeJS.Timeout | null = null;
  let open = true;
  let commitsSinceCheckpoint = 0;
  let checkpointQueued = false;
  /**
   * Copies the WAL into the database (SQLite then starts the WAL over, cut back to
   * `journal_size_limit`), on the checkpointing thread; on this thread only if that one is gone.
   */
  const checkpointHere = () => {
    db.pragma('wal_checkpoint(PASSIVE)');
  };
  const checkpointer = startWalCheckpointer(file, { checkpointHere, retryAfterMs: flushEveryMs, restartAtFrames: WAL_RESTART_FRAMES, log: options.log });
  const checkpoint = () => {
    checkpointQueued = false;
    if (!open || commitsSinceCheckpoint === 0) return;
    commitsSinceCheckpoint = 0;
    checkpointer.request();
  };
  /**
   * Every commit counts toward a checkpoint, documents' and the API's alike (an alliance's
   * registration writes several pages: `weight`). With NORMAL the checkpoint runs once the turn's
   * updates are relayed; with FULL SQLite's own autocheckpoint has done it inside the commit.
   */
  const counted = (weight: number) => {
    commitsSinceCheckpoint += weight;
    if (synchronous === 'FULL' || checkpointQueued || commitsSinceCheckpoint < CHECKPOINT_EVERY_COMMITS) return;
    checkpointQueued = true;
    setImmediate(checkpoint);
  };
  // By time as well: a quiet relay's WAL is folded in within CHECKPOINT_EVERY_MS of its last commit.
  const checkpointTimer = setInterval(checkpoint, options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS);
  checkpointTimer.unref();
  /**
   * With NORMAL, after each document commit: a checkpoint within `flushEveryMs` puts it on disk
   * (SQLite's own means: with NORMAL it syncs the WAL before a checkpoint and the database after),
   * and one shares the flush among every commit of that window.
   */
  const afterCommit = () => {
    counted(1);
    if (synchronous !== 'NORMAL' || flushTimer !== null) return;
    flushTimer = setTimeout(() => {
      flushTimer = null;
      checkpoint();
    }, flushEveryMs);
    flushTimer.unref();
  };
  /** A commit that must be on disk when it returns, whatever the mode: links, alliances. */
  const durably = <T>(write: () => T): T => {
    try {
      if (synchronous === 'FULL') return write();
      db.pragma('synchronous = FULL');
      try {
        return write();
      } finally {
        db.pragma('synchronous = NORMAL');
      }
    } finally {
      counted(API_COMMIT_WEIGHT);
    }
  };
  const activity = activityTable(db);

  const statements = {
    insertAlliance: db.prepare<[string, string, number, string]>(
      'INSERT INTO alliances (id, name, created_at, creator_link_id) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    ),
    getAlliance: db.prepare<[string], AllianceRow>('SELECT * FROM alliances WHERE id = ?'),
    insertLink: db.prepare<[string, string, string, string, string | null, Uint8Array, number, number | null]>(
      'INSERT INTO links (id, alliance_id, role, label, partner_id, token_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    listLinks: db.prepare<[string, number], LinkRow>('SELECT * FROM links WHERE alliance_id = ? ORDER BY created_at, rowid LIMIT ?'),
    listLinksAfter: db.prepare<[string, string, string, number], LinkRow>(
      `SELECT * FROM links WHERE alliance_id = ?
         AND (created_at, rowid) > (SELECT created_at, rowid FROM links WHERE alliance_id = ? AND id = ?)
       ORDER BY created_at, rowid LIMIT ?`,
    ),
    liveLinks: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM links WHERE alliance_id = ? AND revoked_at IS NULL'),
    getLink: db.prepare<[string, string], LinkRow>('SELECT * FROM links WHERE alliance_id = ? AND id = ?'),
    liveOwners: db.prepare<[string], { n: number }>(
      "SELECT count(*) AS n FROM links WHERE alliance_id = ? AND role = 'owner' AND revoked_at IS NULL",
    ),
    revoke: db.prepare<[number, string, string]>(
      'UPDATE links SET revoked_at = ? WHERE alliance_id = ? AND id = ? AND revoked_at IS NULL',
    ),
    linkByHash: db.prepare<[Uint8Array], LinkRow>('SELECT * FROM links WHERE token_hash = ?'),
    snapshot: db.prepare<[string], { data: Uint8Array; state_vector: Uint8Array; through_seq: number }>(
      'SELECT data, state_vector, through_seq FROM snapshots WHERE alliance_id = ?',
    ),
    log: db.prepare<[string, number], { seq: number; data: Uint8Array }>(
      'SELECT seq, data FROM update_log WHERE alliance_id = ? AND seq > ? ORDER BY seq',
    ),
  };

  const createAlliance = db.transaction((alliance: AllianceRecord, link: LinkRecord): 'created' | 'exists' | 'secret_taken' => {
    if (statements.getAlliance.get(alliance.id)) return 'exists';
    if (statements.linkByHash.get(link.tokenHash)) return 'secret_taken';
    statements.insertAlliance.run(alliance.id, alliance.name, alliance.createdAt, alliance.creatorLinkId);
    insertLink(link);
    return 'created';
  });
  const createLink = db.transaction((link: LinkRecord, maxLive: number): 'created' | 'limit' => {
    if (statements.liveLinks.get(link.allianceId)!.n >= maxLive) return 'limit';
    insertLink(link);
    return 'created';
  });

  function insertLink(link: LinkRecord): void {
    statements.insertLink.run(
      link.id,
      link.allianceId,
      link.role,
      link.label,
      link.partnerId,
      link.tokenHash,
      link.createdAt,
      link.revokedAt,
    );
  }

  const revokeLink = db.transaction((allianceId: string, linkId: string, at: number): RevokeOutcome => {
    const link = statements.getLink.get(allianceId, linkId);
    if (!link) return 'not_found';
    if (link.revoked_at !== null) return 'revoked';
    if (link.role === 'owner' && statements.liveOwners.get(allianceId)!.n <= 1) return 'last_owner';
    statements.revoke.run(at, allianceId, linkId);
    return 'revoked';
  });

  const loadDocument = db.transaction((allianceId: string): StoredDocument => {
    const snapshot = statements.snapshot.get(allianceId);
    const updates: Uint8Array[] = [];
    let throughSeq = 0;
    if (snapshot) {
      updates.push(new Uint8Array(snapshot.data));
      throughSeq = snapshot.through_seq;
    }
    for (const row of statements.log.iterate(allianceId, throughSeq)) {
      updates.push(new Uint8Array(row.data));
      throughSeq = row.seq;
    }
    const whole = snapshot !== undefined && updates.length === 1;
    return { updates, throughSeq, stateVector: whole ? new Uint8Array(snapshot.state_vector) : null };
  });

  const loadSince = db.transaction((allianceId: string, afterSeq: number): LogSince => {
    if ((statements.snapshot.get(allianceId)?.through_seq ?? 0) > afterSeq) return { compacted: true };
    const updates = statements.log.all(allianceId, afterSeq).map((row) => ({ seq: row.seq, update: new Uint8Array(row.data) }));
    return { compacted: false, updates };
  });

  // An alliance's next sequence number follows its last logged update, or its snapshot once
  // compaction has emptied the log.
  const lastSeq = db
    .prepare<[string, string], number>(
      `SELECT coalesce(
         (SELECT max(seq) FROM update_log WHERE alliance_id = ?),
         (SELECT through_seq FROM snapshots WHERE alliance_id = ?),
         0)`,
    )
    .pluck();
  // The update and its activity record (ACT-5) are one row: one insert, its own transaction.
  const appendStatement = db.prepare<[string, number, Uint8Array, ...LoggedActivity]>(
    `INSERT INTO update_log (alliance_id, seq, data, ${ACTIVITY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  /**
   * The last number given out per alliance since its last compaction (a room compacts as it
   * unloads), so a busy alliance is not looked up on every update. A batch that failed forgets
   * its alliances' numbers, so that the next append looks them up again and leaves no gap.
   */
  const lastSeqs = new Map<string, number>();
  const appendOne = (entry: UpdateEntry): number => {
    const seq = (lastSeqs.get(entry.allianceId) ?? lastSeq.get(entry.allianceId, entry.allianceId)!) + 1;
    const record: LoggedActivity = entry.activity ? activityColumns(entry.activity) : NO_ACTIVITY;
    appendStatement.run(entry.allianceId, seq, entry.update, ...record);
    lastSeqs.set(entry.allianceId, seq);
    return seq;
  };
  const appendAll = db.transaction((entries: readonly UpdateEntry[]): number[] => entries.map(appendOne));
  const appendUpdatesNow = (entries: readonly UpdateEntry[]): number[] => {
    if (entries.length === 0) return [];
    let seqs: number[];
    try {
      // One update needs no explicit transaction: its INSERT, which holds its activity record too, is one.
      seqs = entries.length === 1 ? [appendOne(entries[0]!)] : appendAll(entries);
    } catch (error) {
      for (const entry of entries) lastSeqs.delete(entry.allianceId);
      throw error;
    }
    afterCommit();
    return seqs;
  };
  const snapshotSeq = db.prepare<[string], { through_seq: number }>('SELECT through_seq FROM snapshots WHERE alliance_id = ?');
  const putSnapshot = db.prepare<[string, Uint8Array, Uint8Array, number]>(
    `INSERT INTO snapshots (alliance_id, data, state_vector, through_seq) VALUES (?, ?, ?, ?)
     ON CONFLICT (alliance_id) DO UPDATE
     SET data = excluded.data, state_vector = excluded.state_vector, through_seq = excluded.through_seq`,
  );
  const dropLog = db.prepare<[string, number]>('DELETE FROM update_log WHERE alliance_id = ? AND seq <= ?');
  const compactNow = db.transaction((allianceId: string, data: Uint8Array, stateVector: Uint8Array, throughSeq: number) => {
    const current = snapshotSeq.get(allianceId);
    // A snapshot never moves backwards: an older compaction finishing late must not win.
    if (current && current.through_seq > throughSeq) return;
    putSnapshot.run(allianceId, data, stateVector, throughSeq);
    // The updates are folded, not their activity: it moves to its own table, where only the oldest beyond the bound go.
    activity.fold(allianceId, throughSeq);
    dropLog.run(allianceId, throughSeq);
    activity.trim(allianceId);
  });

  return {
    checkpointThread: checkpointer.started(),
    syncsEveryAppend: synchronous === 'FULL',
    async createAlliance(alliance, creatorLink) {
      return durably(() => createAlliance(alliance, creatorLink));
    },
    async getAlliance(id) {
      const row = statements.getAlliance.get(id);
      return row
        ? { id: row.id, name: row.name, createdAt: row.created_at, creatorLinkId: row.creator_link_id }
        : null;
    },
    async createLink(link, maxLive) {
      return durably(() => createLink(link, maxLive));
    },
    async listLinks(allianceId, page = {}) {
      const limit = page.limit ?? -1; // SQLite: a negative LIMIT is none
      const rows =
        page.after === undefined
          ? statements.listLinks.all(allianceId, limit)
          : statements.listLinksAfter.all(allianceId, allianceId, page.after, limit);
      return rows.map(toLink);
    },
    async revokeLink(allianceId, linkId, at) {
      return durably(() => revokeLink(allianceId, linkId, at));
    },
    async findLinkByTokenHash(tokenHash) {
      const row = statements.linkByHash.get(tokenHash);
      return row ? toLink(row) : null;
    },
    async loadDocument(allianceId) {
      return loadDocument(allianceId);
    },
    async loadSince(allianceId, afterSeq) {
      return loadSince(allianceId, afterSeq);
    },
    async appendUpdates(entries) {
      return appendUpdatesNow(entries);
    },
    appendUpdatesNow,
    async listActivity(allianceId, query) {
      return activity.list(allianceId, query);
    },
    async compact(allianceId, snapshot, stateVector, throughSeq) {
      compactNow(allianceId, snapshot, stateVector, throughSeq);
      lastSeqs.delete(allianceId);
      afterCommit();
    },
    async close() {
      if (!open) return;
      open = false;
      clearInterval(checkpointTimer);
      if (flushTimer !== null) clearTimeout(flushTimer);
      await checkpointer.close();
      // Closing the last connection checkpoints the WAL into the database and syncs it.
      db.close();
    },
  };
}
