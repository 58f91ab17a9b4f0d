import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { relayListening } from '../relayListening.ts';
import { useTestStore, withTimeout } from './relayHarness.ts';

const REPO = resolve(import.meta.dirname, '../..');

export interface ChildRelay {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code, or the signal that ended the process. */
  readonly exited: Promise<number | NodeJS.Signals>;
  readonly output: string[];
}

/**
 * The relay as `npm start` runs it (node --import tsx sync-server/src/main.ts), as a child process
 * on PORT=0 over one data directory (or PostgreSQL database) that outlives restarts. Every child still running after a
 * test is killed; the directory is removed after the file.
 */
export function useChildRelays() {
  const dataDir = mkdtempSync(join(tmpdir(), 'trellis-child-'));
  const children = new Set<ChildProcess>();
  const testStore = useTestStore();
  afterEach(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    children.clear();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  return {
    dataDir,
    /** The PostgreSQL database the relays use, when the run is on PostgreSQL (read it in a test). */
    get databaseUrl(): string | undefined {
      return testStore.env().DATABASE_URL;
    },
    async start(env: Record<string, string> = {}): Promise<ChildRelay> {
      const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
        cwd: REPO,
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...testStore.env(), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      const output: string[] = [];
      const exited = new Promise<number | NodeJS.Signals>((done) =>
        child.once('exit', (code, signal) => done(code ?? signal ?? -1)),
      );
      const url = await withTimeout(
        relayListening(child, output, exited, 'relay').then((listening) => listening.url),
        30_000,
        'the child relay to listen',
      );
      return { url, child, exited, output };
    },
  };
}
