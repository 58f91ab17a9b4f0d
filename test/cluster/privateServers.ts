/**
 * PostgreSQL and Redis servers of a test's own, for fault tests: stopping, crashing or restarting
 * them never disturbs the shared servers on 5432 and 6379 that other tests use. Each listens on
 * 127.0.0.1 at a free port that it keeps across restarts (clients reconnect to the same address),
 * keeps its files in a temporary directory, and is removed by `remove()`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const START_TIMEOUT_MS = 30_000;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A server process we started: waits for the line that says it is ready, and stops by signal. */
abstract class PrivateServer {
  protected process: ChildProcess | null = null;
  readonly output: string[] = [];

  protected constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  protected abstract spawnServer(): ChildProcess;
  protected abstract readonly readyLine: string;
  /** The signal that stops the server cleanly. */
  protected abstract readonly stopSignal: NodeJS.Signals;

  get running(): boolean {
    return this.process !== null;
  }

  async start(): Promise<void> {
    if (this.process) throw new Error('already running');
    const child = this.spawnServer();
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`not ready in ${START_TIMEOUT_MS} ms: ${this.output.join('')}`)), START_TIMEOUT_MS);
      const fail = (error: Error) => {
        clearTimeout(timer);
        this.process = null;
        child.kill('SIGKILL');
        reject(error);
      };
      // Only this start's output: the ready line of a former start says nothing about this one.
      let sinceStart = '';
      const read = (chunk: Buffer) => {
        const text = chunk.toString();
        this.output.push(text);
        sinceStart += text;
        if (sinceStart.includes(this.readyLine)) {
          clearTimeout(timer);
          child.stdout?.off('data', read);
          child.stderr?.off('data', read);
          resolve();
        }
      };
      child.stdout?.on('data', read);
      child.stderr?.on('data', read);
      child.once('exit', (code, signal) => fail(new Error(`exited (${code ?? signal}) before ready: ${this.output.join('')}`)));
    });
    // Past the ready line the output only grows: let it drain unread.
    child.stdout?.resume();
    child.stderr?.resume();
    child.removeAllListeners('exit');
  }

  /** A clean stop (or with `signal`, e.g. SIGKILL), waiting until the process is gone. */
  async stop(signal: NodeJS.Signals = this.stopSignal): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async remove(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** redis-server keeping nothing on disk, as the shared one. */
export class PrivateRedis extends PrivateServer {
  protected readonly readyLine = 'Ready to accept connections';
  protected readonly stopSignal = 'SIGTERM';

  static async create(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), mkdtempSync(join(tmpdir(), 'trellis-redis-')));
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  protected spawnServer(): ChildProcess {
    return spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
}

/**
 * A PostgreSQL 15 cluster of its own: initdb into a temporary directory (trust auth), then the
 * postmaster on a free port with its socket in that directory. Run as the `postgres` user when
 * this process is root (PostgreSQL refuses to run as root): initdb through runuser, the server
 * spawned with that uid directly, so that its signals reach the postmaster itself. fsync is off:
 * a test crashes the server process, never the machine, and the OS keeps what was written.
 */
export class PrivatePostgres extends PrivateServer {
  protected readonly readyLine = 'database system is ready to accept connections';
  /** Fast shutdown: clients are disconnected, a checkpoint is written. */
  protected readonly stopSignal = 'SIGINT';
  private readonly owner = serverOwner();

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-pg-'));
    const pg = new PrivatePostgres(await freePort(), dir);
    mkdirSync(pg.dataDir);
    if (pg.owner) {
      for (const path of [dir, pg.dataDir]) chownSync(path, pg.owner.uid, pg.owner.gid);
    }
    const initdb = [join(PG_BIN, 'initdb'), '-D', pg.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions', '-E', 'UTF8', '--locale', 'C'];
    execFileSync(pg.owner ? 'runuser' : initdb[0]!, pg.owner ? ['-u', 'postgres', '--', ...initdb] : initdb.slice(1), { stdio: 'pipe' });
    await pg.start();
    return pg;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** The `postgres` database as the `postgres` superuser. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Immediate shutdown (SIGQUIT): no checkpoint, as after a crash; the next start recovers from the WAL. */
  crash(): Promise<void> {
    return this.stop('SIGQUIT');
  }

  protected spawnServer(): ChildProcess {
    const args = ['-D', this.dataDir, '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'];
    return spawn(join(PG_BIN, 'postgres'), args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(this.owner ? { uid: this.owner.uid, gid: this.owner.gid } : {}),
    });
  }
}

/** The postgres user when we are root; null when we are not root (the server then runs as us). */
function serverOwner(): { uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}
