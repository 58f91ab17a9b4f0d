import type { AllianceStore, UpdateEntry } from './store/allianceStore.ts';
import { errorMessage, type Logger } from './log.ts';
import type { RelayMetrics } from './metrics.ts';

interface Pending {
  entry: UpdateEntry;
  stored: (seq: number) => void;
}

const FIRST_RETRY_MS = 50;
const LONGEST_RETRY_MS = 5_000;
/** At most this many bytes of updates share one append (a lone larger update goes alone). */
export const MAX_BATCH_BYTES = 1024 * 1024;

/**
 * Writes document updates to the store before anyone sees them relayed. A failed write is logged
 * and retried with backoff, in order, forever: an update is never dropped, and its `stored`
 * callback (which relays it) runs only once it is stored.
 *
 * When commits are cheap, the first update of an event-loop turn is committed at once (from the
 * handler that received it, when the store commits synchronously; else as soon as that task ends),
 * and the updates that arrive after it in the same turn share one commit at the end of the turn:
 * a lone update is relayed without waiting for the next turn (that wait, and a microtask's worth of
 * socket bookkeeping, showed in the fan-out bench's latency: reports/bench.md, notes), and a busy
 * relay (many rooms) still makes about one commit a turn. When every commit waits for an fsync,
 * all of a turn's updates wait for the end of the turn and share one.
 */
export class UpdateWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private writing = false;
  private backingOff = false;
  private failures = 0;
  private idleWaiters: Array<() => void> = [];
  /** A commit already started in this event-loop turn: later updates wait for the turn's end. */
  private committedThisTurn = false;
  private readonly turnEnded = () => {
    this.committedThisTurn = false;
  };
  /** The store commits synchronously and without an fsync: a turn's first update goes at once. */
  private readonly commitsInline: boolean;

  constructor(
    private readonly store: AllianceStore,
    private readonly metrics: RelayMetrics,
    private readonly log: Logger,
  ) {
    this.commitsInline = store.appendUpdatesNow !== undefined && !store.syncsEveryAppend;
  }

  get pending(): number {
    return this.queue.length + (this.writing ? 1 : 0);
  }

  enqueue(entry: UpdateEntry, stored: (seq: number) => void): void {
    if (this.canCommitNow()) this.commitNow(entry, stored);
    else {
      this.queue.push({ entry, stored });
      this.schedule();
    }
  }

  /** Nothing waits before it, the turn has not committed yet, and the store can commit inline. */
  private canCommitNow(): boolean {
    return (
      this.commitsInline &&
      !this.committedThisTurn &&
      !this.scheduled &&
      !this.writing &&
      !this.backingOff &&
      this.queue.length === 0
    );
  }

  private commitNow(entry: UpdateEntry, stored: (seq: number) => void): void {
    this.startTurnCommit();
    const started = performance.now();
    let seq: number;
    try {
      seq = this.store.appendUpdatesNow!([entry])[0]!;
    } catch (error) {
      this.failed([{ entry, stored }], error);
      return;
    }
    this.succeeded(1, started);
    stored(seq);
  }

  /** Resolves once everything enqueued so far is stored. */
  whenIdle(): Promise<void> {
    if (this.queue.length === 0 && !this.writing) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.writing || this.backingOff) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.store.syncsEveryAppend || this.committedThisTurn) {
      setImmediate(run);
      return;
    }
    this.startTurnCommit();
    queueMicrotask(run);
  }

  /** This turn has its commit; updates that follow in it wait for the turn's end. */
  private startTurnCommit(): void {
    this.committedThisTurn = true;
    setImmediate(this.turnEnded);
  }

  private async flush(): Promise<void> {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    const batch = this.takeBatch();
    const started = performance.now();
    let seqs: number[];
    try {
      seqs = await this.store.appendUpdates(batch.map((pending) => pending.entry));
    } catch (error) {
      this.writing = false;
      this.failed(batch, error);
      return;
    }
    this.writing = false;
    this.succeeded(batch.length, started);
    for (let i = 0; i < batch.length; i++) batch[i]!.stored(seqs[i]!);
    if (this.queue.length > 0) this.schedule();
    else for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /**
   * The queue's head, up to MAX_BATCH_BYTES of updates (at least one): a burst of large updates is
   * stored and relayed a part at a time, so a reader's send backlog drains between parts instead
   * of taking the whole burst at once.
   */
  private takeBatch(): Pending[] {
    let bytes = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || bytes + this.queue[count]!.entry.update.length <= MAX_BATCH_BYTES)) {
      bytes += this.queue[count]!.entry.update.length;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private succeeded(updates: number, started: number): void {
    this.metrics.observeStore((performance.now() - started) / 1000);
    this.metrics.updatesStored += updates;
    this.failures = 0;
  }

  /** The batch goes back to the front of the queue; the writer retries it after a backoff. */
  private failed(batch: Pending[], error: unknown): void {
    this.failures += 1;
    this.metrics.storeFailures += 1;
    this.queue = batch.concat(this.queue);
    const delay = Math.min(FIRST_RETRY_MS * 2 ** (this.failures - 1), LONGEST_RETRY_MS);
    this.log('error', 'store write failed; retrying', {
      updates: batch.length,
      attempt: this.failures,
      retryInMs: delay,
      error: errorMessage(error),
    });
    this.backingOff = true;
    setTimeout(() => {
      this.backingOff = false;
      void this.flush();
    }, delay);
  }
}
