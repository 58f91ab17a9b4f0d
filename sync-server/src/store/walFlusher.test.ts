import { fdatasync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { WalFlusher, type SyncFile } from './walFlusher.ts';

const dir = mkdtempSync(join(tmpdir(), 'trellis-flusher-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WalFlusher', () => {
  it('DUR-3 a failed flush is logged once and retried until the disk takes it', async () => {
    const wal = join(dir, 'failing-wal');
    writeFileSync(wal, 'frames');
    const lines: Array<{ level: string; msg: string; error?: string }> = [];
    let failuresLeft = 1;
    let synced = 0;
    const syncFile: SyncFile = (fd, done) => {
      if (failuresLeft-- > 0) {
        done(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
        return;
      }
      fdatasync(fd, (error) => {
        synced += 1;
        done(error);
      });
    };
    const flusher = new WalFlusher(wal, 10, createLogger((line) => lines.push(JSON.parse(line))), syncFile);
    flusher.committed();
    const deadline = Date.now() + 5_000;
    while (synced === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await flusher.close();
    expect(synced).toBe(1);
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      ['error', 'store flush failed; retrying'],
      ['info', 'store flush recovered'],
    ]);
    expect(lines[0]!.error).toContain('EIO');
  });

  it('DUR-3 a WAL that cannot be opened is reported, not thrown', async () => {
    const lines: Array<{ level: string; msg: string }> = [];
    const flusher = new WalFlusher(join(dir, 'missing', 'wal'), 1, createLogger((line) => lines.push(JSON.parse(line))));
    flusher.committed();
    const deadline = Date.now() + 2_000;
    while (lines.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await flusher.close();
    expect(lines.map((line) => [line.level, line.msg])).toEqual([['error', 'store flush failed; retrying']]);
  });
});
