import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createHash } from 'node:crypto';
import { newAllianceId, newRecordId, newSecret, type Place } from '@trellis/shared';
import { API_COMMIT_WEIGHT, CHECKPOINT_EVERY_COMMITS, openSqliteStore, SQLITE_FILE_NAME } from './sqliteStore.ts';
import type { AllianceStore } from './allianceStore.ts';
import { registerStoreContract } from './storeContract.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh data directory, removed after the suite. */
function storeDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-store-'));
  dirs.push(dir);
  return dir;
}

registerStoreContract('sqlite', async () => {
  const dir = storeDir();
  const store = openSqliteStore(dir);
  return {
    store,
    reopen: async () => {
      await store.close();
      return openSqliteStore(dir);
    },
  };
});

describe('the SQLite store on disk', () => {
  /** The updates a copy of the database file alone holds, without its WAL. */
  function rowsInDatabaseFile(dir: string, allianceId: string): number {
    const copy = join(dir, 'copy.sqlite');
    copyFileSync(join(dir, SQLITE_FILE_NAME), copy);
    const db = new Database(copy, { readonly: true });
    try {
      if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'update_log'").get()) return 0;
      return (db.prepare('SELECT count(*) AS n FROM update_log WHERE alliance_id = ?').get(allianceId) as { n: number }).n;
    } finally {
      db.close();
      rmSync(copy);
    }
  }

  /** Alliances a copy of the database file alone holds, without its WAL. */
  function alliancesInDatabaseFile(dir: string): number {
    const copy = join(dir, 'copy.sqlite');
    copyFileSync(join(dir, SQLITE_FILE_NAME), copy);
    const db = new Database(copy, { readonly: true });
    try {
      if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'alliances'").get()) return 0;
      return (db.prepare('SELECT count(*) AS n FROM alliances').get() as { n: number }).n;
    } finally {
      db.close();
      rmSync(copy);
    }
  }

  async function register(store: AllianceStore): Promise<void> {
    const id = newAllianceId();
    const linkId = newRecordId();
    const tokenHash = new Uint8Array(createHash('sha256').update(newSecret()).digest());
    const outcome = await store.createAlliance(
      { id, name: '', createdAt: 1, creatorLinkId: linkId },
      { id: linkId, allianceId: id, role: 'owner', label: 'creator', partnerId: null, tokenHash, createdAt: 1, revokedAt: null },
    );
    expect(outcome).toBe('created');
  }

  function updates(count: number): Uint8Array[] {
    const doc = new Y.Doc();
    const out: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => out.push(update));
    for (let i = 0; i < count; i++) doc.getArray<number>('trust').push([i]);
    return out;
  }

  it('STORE-10 opens a file whose log was kept in the older, cross-alliance table, and numbers on from it', async () => {
    const dir = storeDir();
    const [a1, a2, a3] = updates(3);
    const [b1, b2] = updates(2);
    const legacy = new Database(join(dir, SQLITE_FILE_NAME));
    legacy.exec(`
      CREATE TABLE snapshots (alliance_id TEXT PRIMARY KEY, data BLOB NOT NULL, state_vector BLOB NOT NULL, through_seq INTEGER NOT NULL);
      CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, alliance_id TEXT NOT NULL, data BLOB NOT NULL);
      CREATE INDEX updates_by_alliance ON updates (alliance_id, seq);
    `);
    // Alliance a was compacted through seq 1; the numbers interleave across alliances.
    legacy.prepare('INSERT INTO snapshots VALUES (?, ?, ?, 1)').run('a', a1, Y.encodeStateVectorFromUpdate(a1!));
    const insert = legacy.prepare('INSERT INTO updates (seq, alliance_id, data) VALUES (?, ?, ?)');
    insert.run(2, 'b', b1);
    insert.run(3, 'a', a2);
    insert.run(4, 'b', b2);
    insert.run(5, 'a', a3);
    legacy.close();

    const store = openSqliteStore(dir);
    expect(await store.loadDocument('a')).toEqual({ updates: [a1, a2, a3], throughSeq: 5, stateVector: null });
    expect(await store.loadDocument('b')).toEqual({ updates: [b1, b2], throughSeq: 4, stateVector: null });
    const [a4] = updates(1);
    expect(await store.appendUpdates([{ allianceId: 'a', update: a4! }, { allianceId: 'b', update: a4! }])).toEqual([6, 5]);
    await store.close();

    const db = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'updates%'").all()).toEqual([]);
    db.close();
    const reopened = openSqliteStore(dir);
    expect((await reopened.loadDocument('a')).throughSeq).toBe(6);
    await reopened.close();
  });

  it('STORE-19 opens a file whose activity records are all in their own table, and lists them with the records stored since', async () => {
    const dir = storeDir();
    const [u1, u2, u3, u4] = updates(4);
    // The layout before migration 2: the log without activity columns, every record in `activity`.
    const older = new Database(join(dir, SQLITE_FILE_NAME));
    older.exec(`
      CREATE TABLE update_log (alliance_id TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (alliance_id, seq)) WITHOUT ROWID;
      CREATE TABLE activity (alliance_id TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, link_id TEXT NOT NULL,
        link_label TEXT NOT NULL, partner_id TEXT, places TEXT NOT NULL, place_count INTEGER NOT NULL, sections TEXT NOT NULL,
        PRIMARY KEY (alliance_id, seq)) WITHOUT ROWID;
      PRAGMA user_version = 1;
    `);
    older.prepare('INSERT INTO update_log VALUES (?, ?, ?)').run('a', 1, u1);
    older.prepare('INSERT INTO update_log VALUES (?, ?, ?)').run('a', 2, u2);
    older
      .prepare('INSERT INTO activity VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run('a', 1, 10, 'L1', 'Ana', 'p1', JSON.stringify([{ kind: 'charter' }]), 1, ',charter,');
    older.close();

    const store = openSqliteStore(dir);
    const vote: Place = { kind: 'vote', decisionId: 'd1', partnerId: 'p2' };
    const [seq3, seq4] = await store.appendUpdates([
      { allianceId: 'a', update: u3!, activity: { at: 20, linkId: 'L2', linkLabel: 'Bo', partnerId: 'p2', places: [vote], placeCount: 1 } },
      { allianceId: 'a', update: u4! },
    ]);
    expect([seq3, seq4]).toEqual([3, 4]);
    const listed = await store.listActivity('a', {});
    expect(listed).toEqual([
      { seq: 3, at: 20, linkId: 'L2', linkLabel: 'Bo', partnerId: 'p2', places: [vote], placeCount: 1 },
      { seq: 1, at: 10, linkId: 'L1', linkLabel: 'Ana', partnerId: 'p1', places: [{ kind: 'charter' }], placeCount: 1 },
    ]);
    expect((await store.listActivity('a', { section: 'charter' })).map((entry) => entry.seq)).toEqual([1]);
    expect((await store.listActivity('a', { limit: 1 })).map((entry) => entry.seq)).toEqual([3]);
    expect((await store.loadDocument('a')).updates).toEqual([u1, u2, u3, u4]);

    // Compaction folds the updates and moves the records they held into the activity table.
    await store.compact('a', u1!, new Uint8Array([0]), 4);
    expect(await store.listActivity('a', {})).toEqual(listed);
    await store.close();
    const db = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
    expect(db.prepare('SELECT seq FROM activity ORDER BY seq').all()).toEqual([{ seq: 1 }, { seq: 3 }]);
    expect(db.prepare('SELECT count(*) AS n FROM update_log').get()).toEqual({ n: 0 });
    // The record's columns before the update's bytes: a large update's overflow pages are not walked to read a record.
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(update_log)').all().map((column) => column.name);
    expect(columns.at(-1)).toBe('data');
    expect(columns).toContain('at');
    db.close();
  });

  it('STORE-20 refuses a file a newer relay has migrated, says so, and leaves it as it was', async () => {
    const dir = storeDir();
    const [u1] = updates(1);
    const store = openSqliteStore(dir);
    await store.appendUpdates([{ allianceId: 'a', update: u1! }]);
    await store.close();
    const file = join(dir, SQLITE_FILE_NAME);
    const newer = new Database(file);
    const known = newer.pragma('user_version', { simple: true }) as number;
    newer.pragma(`user_version = ${known + 1}`);
    // The newer layout has done without a table this relay would make again, and kept one it would migrate away.
    newer.exec('DROP TABLE snapshots; CREATE TABLE updates (alliance_id TEXT, seq INTEGER, data BLOB)');
    const layout = (db: Database.Database) => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    const before = layout(newer);
    newer.close();

    expect(() => openSqliteStore(dir)).toThrow(`the SQLite database file is at schema version ${known + 1}, newer than this relay knows (${known})`);
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(known + 1);
    expect(layout(after)).toEqual(before);
    expect(after.prepare('SELECT seq FROM update_log').all()).toEqual([{ seq: 1 }]);
    after.close();
  });

  /** Polls until `holds`; returns when, or null. */
  async function until(holds: () => boolean, withinMs: number): Promise<number | null> {
    const deadline = performance.now() + withinMs;
    while (performance.now() < deadline) {
      if (holds()) return performance.now();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return null;
  }

  /**
   * Polls until a copy of the database file shows what `shows` looks for (checkpoints run on their own thread).
   * A copy taken while the checkpoint is writing the file may not read as a database: that is "not yet".
   */
  function untilDatabaseFileShows(shows: () => boolean, withinMs: number): Promise<number | null> {
    return until(() => {
      try {
        return shows();
      } catch (error) {
        if (error instanceof Database.SqliteError && (error.code === 'SQLITE_CORRUPT' || error.code === 'SQLITE_NOTADB')) return false;
        throw error;
      }
    }, withinMs);
  }

  /** Polls until the database file alone holds `count` of the alliance's updates. */
  function untilInDatabaseFile(dir: string, allianceId: string, count: number, withinMs: number): Promise<number | null> {
    return untilDatabaseFileShows(() => rowsInDatabaseFile(dir, allianceId) === count, withinMs);
  }

  it('DUR-3 with NORMAL a commit is checkpointed (the WAL synced, then the database) within flushEveryMs, a burst in one', async () => {
    const dir = storeDir();
    const store = openSqliteStore(dir, { synchronous: 'NORMAL', flushEveryMs: 300, checkpointEveryMs: 3_600_000 });
    expect(await store.checkpointThread).toBe(true);
    const committedAt = performance.now();
    // A burst in one turn (the store commits each at once): the first commit arms the window.
    await Promise.all(updates(20).map((update) => store.appendUpdates([{ allianceId: 'flushed', update }])));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rowsInDatabaseFile(dir, 'flushed'), 'checkpointed before its window').toBe(0);
    const checkpointedAt = await untilInDatabaseFile(dir, 'flushed', 20, 2_000);
    // One checkpoint for the burst, when its window ends, plus the loop's and the thread's slack.
    expect(checkpointedAt! - committedAt).toBeGreaterThanOrEqual(300);
    expect(checkpointedAt! - committedAt).toBeLessThan(300 + 300);

    await store.appendUpdates([{ allianceId: 'flushed', update: updates(1)[0]! }]);
    expect(rowsInDatabaseFile(dir, 'flushed')).toBe(20);
    expect(await untilInDatabaseFile(dir, 'flushed', 21, 2_000)).not.toBeNull();
    await store.close();
  });

  it('DUR-3 with FULL every commit is synced by SQLite itself: no checkpoint is timed after it', async () => {
    const dir = storeDir();
    const store = openSqliteStore(dir, { synchronous: 'FULL', flushEveryMs: 10, checkpointEveryMs: 3_600_000 });
    await store.appendUpdates([{ allianceId: 'full', update: updates(1)[0]! }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rowsInDatabaseFile(dir, 'full')).toBe(0);
    await store.close();
  });

  it('DUR-3 with NORMAL the WAL is checkpointed into the database file after the turn, not inside a commit', async () => {
    const dir = storeDir();
    const store = openSqliteStore(dir, { synchronous: 'NORMAL', flushEveryMs: 60_000 });
    expect(await store.checkpointThread).toBe(true);
    const all = updates(CHECKPOINT_EVERY_COMMITS);
    for (const update of all.slice(0, -1)) await store.appendUpdates([{ allianceId: 'checkpointed', update }]);
    expect(rowsInDatabaseFile(dir, 'checkpointed')).toBe(0);
    await store.appendUpdates([{ allianceId: 'checkpointed', update: all.at(-1)! }]);
    // The commit that reached the threshold returned without checkpointing; the turn's end asks for it.
    expect(rowsInDatabaseFile(dir, 'checkpointed')).toBe(0);
    expect(await untilInDatabaseFile(dir, 'checkpointed', CHECKPOINT_EVERY_COMMITS, 2_000)).not.toBeNull();
    await store.close();
  });

  it('DUR-3 closing the store writes every commit into the database file, whatever the flush window', async () => {
    const dir = storeDir();
    const store = openSqliteStore(dir, { synchronous: 'NORMAL', flushEveryMs: 60_000 });
    await store.appendUpdates(updates(3).map((update) => ({ allianceId: 'closing', update })));
    expect(rowsInDatabaseFile(dir, 'closing')).toBe(0);
    await store.close();
    expect(rowsInDatabaseFile(dir, 'closing')).toBe(3);
  });

  it('WAL-2 the API\'s commits count toward a checkpoint like the documents\' do', async () => {
    const dir = storeDir();
    const store = openSqliteStore(dir, { synchronous: 'NORMAL', flushEveryMs: 60_000, checkpointEveryMs: 3_600_000 });
    const enough = Math.ceil(CHECKPOINT_EVERY_COMMITS / API_COMMIT_WEIGHT);
    expect(await store.checkpointThread).toBe(true);
    for (let i = 0; i < enough - 1; i++) await register(store);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alliancesInDatabaseFile(dir)).toBe(0);
    await register(store);
    expect(await untilDatabaseFileShows(() => alliancesInDatabaseFile(dir) === enough, 2_000)).not.toBeNull();
    await store.close();
  });

  it('WAL-2 a quiet store checkpoints within checkpointEveryMs of its last commit', async () => {
    const dir = storeDir();
    const store = openSqliteStore(dir, { synchronous: 'NORMAL', flushEveryMs: 60_000, checkpointEveryMs: 100 });
    expect(await store.checkpointThread).toBe(true);
    await store.appendUpdates(updates(3).map((update) => ({ allianceId: 'quiet', update })));
    await register(store);
    expect(rowsInDatabaseFile(dir, 'quiet')).toBe(0);
    expect(await untilInDatabaseFile(dir, 'quiet', 3, 1_000)).not.toBeNull();
    expect(alliancesInDatabaseFile(dir)).toBe(1);
    await store.close();
  });
});
