import { close, fdatasync, open } from 'node:fs';
import type { Logger } from '../log.ts';

/** How the flusher reaches the disk; the default is the file system's own. Tests watch it. */
export type SyncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

const RETRY_MS = 1_000;

/**
 * Puts the SQLite store's recent commits on disk: within `everyMs` of a commit, an fdatasync of the
 * WAL file runs on libuv's thread pool, so the relay's event loop never waits for the disk and a
 * burst of commits shares one flush. The commits themselves are in the WAL once they return (the
 * operating system holds them), so a killed relay loses nothing; this bounds what a power cut could
 * take back to `everyMs`. (SQLite's own checkpoints sync the WAL and the database as they run.)
 */
export class WalFlusher {
  private fd: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  /** Commits arrived while a flush was running: it may not cover them. */
  private again = false;
  private closed = false;
  private lastError: string | null = null;

  constructor(
    private readonly walFile: string,
    private readonly everyMs: number,
    private readonly log: Logger,
    private readonly syncFile: SyncFile = fdatasync,
  ) {}

  /** A commit happened: it will be on disk within `everyMs`. */
  committed(): void {
    if (this.closed) return;
    if (this.flushing) this.again = true;
    else this.later(this.everyMs);
  }

  /** Waits for a running flush and lets go of the file; the caller then closes its connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.flushing;
    if (this.fd !== null) await new Promise<void>((resolve) => close(this.fd!, () => resolve()));
    this.fd = null;
  }

  private later(delayMs: number): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        if (this.again && !this.closed) {
          this.again = false;
          this.later(this.everyMs);
        }
      });
    }, delayMs);
  }

  private async flush(): Promise<void> {
    try {
      // Opened once and kept: SQLite never replaces the WAL file while a connection is open.
      this.fd ??= await new Promise<number>((resolve, reject) =>
        open(this.walFile, 'r', (error, fd) => (error ? reject(error) : resolve(fd))),
      );
      const fd = this.fd;
      await new Promise<void>((resolve, reject) => this.syncFile(fd, (error) => (error ? reject(error) : resolve())));
      if (this.lastError !== null) this.log('info', 'store flush recovered');
      this.lastError = null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.lastError !== message) this.log('error', 'store flush failed; retrying', { error: message });
      this.lastError = message;
      this.again = false;
      if (!this.closed) this.later(RETRY_MS);
    }
  }
}
