import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '@trellis/sync-server';

const REPO = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the relay as `npm start` does over `dataDir` (SQLite) and waits for it to exit. */
function startOn(dataDir: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  // SQLite whatever the run's own store: this is about the file in DATA_DIR.
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  const env = { ...inherited, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir };
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stderr: string; stdout: string }>((done) =>
    child.once('exit', (code) => done({ code, stderr, stdout })),
  );
  // A relay that did start is a failure of the test, not a hang: stop it once it says it listens.
  child.stdout.on('data', () => stdout.includes('relay listening') && child.kill('SIGKILL'));
  return exited;
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-start-'));
  dirs.push(dir);
  return dir;
}

describe('a relay that cannot open its data', () => {
  it('STORE-20 refuses a database file a newer relay migrated: one line that says why, exit 2, the file untouched', async () => {
    const dir = dataDir();
    const file = join(dir, SQLITE_FILE_NAME);
    const newer = new Database(file);
    newer.pragma('user_version = 999');
    newer.close();

    const { code, stderr, stdout } = await startOn(dir);
    expect(stdout).not.toContain('relay listening');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^the relay could not start: the SQLite database file is at schema version 999, newer than this relay knows \(\d+\)/),
    ]);
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(999);
    // Nothing written: no table made, and the file still keeps its rollback journal (it was not switched to WAL).
    expect(after.prepare('SELECT name FROM sqlite_master').all()).toEqual([]);
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    after.close();
  });

  it('says so of a file that is not a database, in one line, and leaves the file as it was', async () => {
    const dir = dataDir();
    const file = join(dir, SQLITE_FILE_NAME);
    const damaged = 'not a database, but somebody’s notes: keep me\n'.repeat(200);
    writeFileSync(file, damaged);

    const { code, stderr } = await startOn(dir);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual(['the relay could not start: file is not a database']);
    expect(readFileSync(file, 'utf8')).toBe(damaged);
  });
});
