/**
 * One relay of a cluster as a child process, as `npm start` runs it (node --import tsx
 * sync-server/src/main.ts) with the env it is given (DATABASE_URL, REDIS_URL) and a data directory of
 * its own. It can be killed with SIGKILL and started again on the same port, so that its clients'
 * reconnects find it. No Vitest here: the bench starts cluster relays too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { relayListening } from '../relayListening.ts';

const REPO = resolve(import.meta.dirname, '../..');
const LISTEN_TIMEOUT_MS = 30_000;

export interface ClusterServers {
  databaseUrl: string;
  redisUrl: string;
}

export class ClusterRelay {
  private child: ChildProcess | null = null;
  private exited: Promise<number | NodeJS.Signals> = Promise.resolve(0);
  /** Every line either stream printed, across restarts. */
  readonly output: string[] = [];
  port = 0;

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
    readonly dataDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the relay, on its former port if it had one (PORT=0 the first time), and waits until it listens. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
      cwd: REPO,
      env: { ...process.env, HOST: '127.0.0.1', DATA_DIR: this.dataDir, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done(code ?? signal ?? -1)));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`${this.name} did not listen in ${LISTEN_TIMEOUT_MS} ms: ${this.output.join('\n')}`)), LISTEN_TIMEOUT_MS);
    });
    try {
      this.port = (await Promise.race([relayListening(child, this.output, this.exited, this.name), late])).port;
    } finally {
      clearTimeout(timer);
    }
  }

  /** kill -9: no shutdown of any kind. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the relay's own shutdown. */
  async stop(): Promise<number | NodeJS.Signals> {
    if (!this.running) return this.exited;
    this.child!.kill('SIGTERM');
    return this.exited;
  }

  /** kill -9, then the same relay again on the same port. */
  async killAndRestart(): Promise<void> {
    await this.kill();
    await this.start();
  }
}
