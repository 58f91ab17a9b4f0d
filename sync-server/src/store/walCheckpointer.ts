import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { errorMessage, type Logger } from '../log.ts';

/**
 * The thread that puts the SQLite store's commits on disk: with synchronous=NORMAL a checkpoint
 * syncs the WAL before it copies it into the database and syncs that after
 * (https://www.sqlite.org/pragma.html#pragma_synchronous). On the relay's own thread each
 * checkpoint held the event loop for its two fsyncs, which showed in the fan-out's p99; here the
 * thread has its own connection to the same file, as SQLite's WAL mode allows, and the relay's
 * commits go on while it runs.
 *
 * The thread runs plain JavaScript with no loader (execArgv is empty), so it costs one small
 * isolate and the SQLite driver, not a second copy of the relay's modules.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
parentPort.postMessage('ready');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

type Answer = 'ready' | { ok: true; log: number; checkpointed: number } | { ok: false; error: string };

export interface WalCheckpointer {
  /**
   * Checkpoints every commit made before this call. A call while a checkpoint runs is answered by
   * one more after it (the running one may have synced the WAL before those commits were in it).
   */
  request(): void;
  /** Resolves true once the thread has opened its connection, false if it cannot (checkpoints then run on the caller's). */
  started(): Promise<boolean>;
  /** Checkpoints the thread has completed. */
  completed(): number;
  /** Resolves once no checkpoint is running or asked for. */
  idle(): Promise<void>;
  /** Waits for the running checkpoint, then closes the thread's connection and the thread. */
  close(): Promise<void>;
}

/**
 * `fallback` checkpoints on the caller's thread: used if the thread cannot start or dies, so the
 * commits still reach the disk, at the old cost.
 */
export interface CheckpointerOptions {
  /** A checkpoint on the caller's thread (the writer's): while the thread cannot run, and to let the WAL start over. */
  checkpointHere: () => void;
  /** When frames were left in the WAL, how soon the thread tries again. */
  retryAfterMs: number;
  /**
   * A WAL of this many frames gets a checkpoint on the writer's thread at the end of its turn. SQLite starts the WAL
   * over only when a writer finds the last checkpoint complete; one on this thread, racing the writer, may never be
   * (the WAL then grows without end while writes keep coming). One between the writer's own writes always is.
   */
  restartAtFrames: number;
  log?: Logger;
}

export function startWalCheckpointer(file: string, options: CheckpointerOptions): WalCheckpointer {
  const { checkpointHere: fallback, retryAfterMs, restartAtFrames, log } = options;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  let worker: Worker | null = null;
  try {
    worker = new Worker(PROGRAM, {
      eval: true,
      workerData: { file, driver },
      execArgv: [],
      env: {},
      // Its heap holds a few rows' worth of answers: a small young generation keeps the isolate small.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
  } catch (error) {
    log?.('error', 'store checkpoint thread did not start; checkpointing on the relay thread', { error: String(error) });
  }
  /** Until the thread has opened its connection, checkpoints run here: none waits for its start. */
  let ready = false;
  let running = false;
  let again = false;
  let completed = 0;
  let closing = false;
  let idleWaiters: (() => void)[] = [];
  let retryTimer: NodeJS.Timeout | null = null;
  let restartQueued = false;
  let markStarted: (started: boolean) => void = () => {};
  const started = new Promise<boolean>((resolve) => (markStarted = resolve));
  if (worker === null) markStarted(false);

  const settle = () => {
    if (running || again) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };
  const runFallback = () => {
    try {
      fallback();
    } catch (error) {
      log?.('error', 'store checkpoint failed', { error: errorMessage(error) });
    }
  };
  const start = () => {
    again = false;
    if (worker === null || !ready) {
      runFallback();
      settle();
      return;
    }
    running = true;
    worker.postMessage('checkpoint');
  };
  const lost = (why: string) => {
    if (worker === null) return;
    worker = null;
    markStarted(false);
    if (!closing) log?.('error', 'store checkpoint thread stopped; checkpointing on the relay thread', { error: why });
    if (running) {
      running = false;
      if (!closing) runFallback();
    }
    settle();
  };

  worker?.on('message', (answer: Answer) => {
    if (answer === 'ready') {
      ready = true;
      markStarted(true);
      return;
    }
    running = false;
    completed++;
    if (!answer.ok) log?.('error', 'store checkpoint failed', { error: answer.error });
    else if (answer.log >= restartAtFrames && !restartQueued && !closing) {
      restartQueued = true;
      setImmediate(() => {
        restartQueued = false;
        if (!closing) runFallback();
      });
    }
    // Frames a reader still used stay in the WAL: ask again later (not at once, which would spin
    // while the relay keeps writing), so they are copied, and synced, once it is done.
    if (answer.ok && answer.checkpointed < answer.log && retryTimer === null && !closing) {
      retryTimer = setTimeout(() => {
        retryTimer = null;
        checkpointer.request();
      }, retryAfterMs);
      retryTimer.unref();
    }
    if (again && !closing) start();
    else again = false;
    settle();
  });
  worker?.on('error', (error) => lost(error.message));
  worker?.on('exit', (code) => lost(`exit ${code}`));
  // The relay's own timers and sockets keep the process alive; this thread must not.
  worker?.unref();

  const checkpointer: WalCheckpointer = {
    started: () => started,
    completed: () => completed,
    request() {
      if (closing) return;
      if (running) again = true;
      else start();
    },
    idle() {
      if (!running && !again) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closing = true;
      again = false;
      if (retryTimer !== null) clearTimeout(retryTimer);
      // Held from here on: a process whose last work is closing the store must wait for the thread's answers
      // (an unreferenced thread would let it end with the close still awaited).
      worker?.ref();
      await this.idle();
      const thread = worker;
      if (thread === null) return;
      const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      thread.postMessage('close');
      await exited;
    },
  };
  return checkpointer;
}
