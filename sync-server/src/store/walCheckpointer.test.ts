import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startWalCheckpointer } from './walCheckpointer.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A WAL database with `rows` committed rows, none of them checkpointed yet. */
function walDatabase(rows: number): { file: string; db: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-checkpointer-'));
  dirs.push(dir);
  const file = join(dir, 'db.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (n INTEGER)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  for (let n = 0; n < rows; n++) insert.run(n);
  return { file, db };
}

/** Frames of the WAL not yet copied into the database, as a checkpoint that copies nothing reports them. */
function uncheckpointed(db: Database.Database): number {
  const [row] = db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
  return row!.log - row!.checkpointed;
}

describe('the WAL checkpointing thread', () => {
  it('CKPT-1 checkpoints on its own thread: the relay thread does no checkpoint, and the commits reach the database file', async () => {
    const { file, db } = walDatabase(50);
    let here = 0;
    const checkpointer = startWalCheckpointer(file, { checkpointHere: () => here++, retryAfterMs: 1_000, restartAtFrames: 1_000_000 });
    expect(await checkpointer.started()).toBe(true);
    expect(uncheckpointed(db)).toBeGreaterThan(0);
    checkpointer.request();
    await checkpointer.idle();
    expect(uncheckpointed(db)).toBe(0);
    expect(here).toBe(0);
    await checkpointer.close();
    db.close();
  });

  it('CKPT-1 a request while one runs is answered by one more after it, so later commits are not left out', async () => {
    const { file, db } = walDatabase(10);
    const checkpointer = startWalCheckpointer(file, { checkpointHere: () => {}, retryAfterMs: 1_000, restartAtFrames: 1_000_000 });
    expect(await checkpointer.started()).toBe(true);
    checkpointer.request();
    // Committed while the first checkpoint runs: it may have synced the WAL before this was in it.
    db.prepare('INSERT INTO t VALUES (?)').run(99);
    checkpointer.request();
    checkpointer.request();
    await checkpointer.idle();
    expect(checkpointer.completed()).toBe(2);
    expect(uncheckpointed(db)).toBe(0);
    await checkpointer.close();
    db.close();
  });

  it('CKPT-2 a thread that cannot open the database leaves every checkpoint to the relay thread, and says so', async () => {
    const { file, db } = walDatabase(5);
    const logged: string[] = [];
    let here = 0;
    const checkpointer = startWalCheckpointer(join(file, 'missing'), { checkpointHere: () => here++, retryAfterMs: 1_000, restartAtFrames: 1_000_000, log: (_level, message) => logged.push(message) });
    expect(await checkpointer.started()).toBe(false);
    checkpointer.request();
    await checkpointer.idle();
    expect(here).toBe(1);
    expect(logged).toContain('store checkpoint thread stopped; checkpointing on the relay thread');
    await checkpointer.close();
    db.close();
  });

  it('CKPT-2 until the thread has opened its connection, a checkpoint runs on the relay thread rather than wait', async () => {
    const { file, db } = walDatabase(5);
    let here = 0;
    const checkpointer = startWalCheckpointer(file, { checkpointHere: () => here++, retryAfterMs: 1_000, restartAtFrames: 1_000_000 });
    checkpointer.request();
    expect(here).toBe(1);
    expect(await checkpointer.started()).toBe(true);
    await checkpointer.close();
    db.close();
  });

  it('CKPT-3 a process whose last work is closing the store waits for the thread, and ends once it is closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-checkpointer-'));
    dirs.push(dir);
    const script = join(dir, 'close.mts');
    const store = new URL('./sqliteStore.ts', import.meta.url).pathname;
    writeFileSync(
      script,
      `import { openSqliteStore } from ${JSON.stringify(store)};
const store = openSqliteStore(${JSON.stringify(join(dir, 'data'))});
await store.appendUpdates([{ allianceId: 'a', update: new Uint8Array([0, 0]) }]);
await store.close();
console.log('closed');`,
    );
    // Node's exit code 13 is a top-level await left unsettled: the thread let the process end mid-close.
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd() });
    expect(stdout.trim()).toBe('closed');
  });

  it('CKPT-4 a long WAL gets a checkpoint on the writer\'s thread after the thread\'s, so SQLite can start it over', async () => {
    const { file, db } = walDatabase(50);
    let here = 0;
    const checkpointer = startWalCheckpointer(file, { checkpointHere: () => here++, retryAfterMs: 1_000, restartAtFrames: 10 });
    expect(await checkpointer.started()).toBe(true);
    checkpointer.request();
    await checkpointer.idle();
    expect(here).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(here).toBe(1);
    await checkpointer.close();
    db.close();
  });
});
