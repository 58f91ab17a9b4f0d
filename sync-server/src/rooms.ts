import type { AllianceStore } from './store/allianceStore.ts';
import type { Logger } from './log.ts';
import type { RelayMetrics } from './metrics.ts';
import { Room } from './room.ts';
import type { UpdateWriter } from './updateWriter.ts';

const FIRST_RETRY_MS = 100;
const LONGEST_RETRY_MS = 10_000;

/**
 * Loaded alliances. A room loads from the store on first connect and, when its last socket
 * leaves, unloads after a final save that folds its log into one snapshot (compaction). It is
 * also compacted every `compactEvery` stored updates. A failed save keeps the room loaded and is
 * retried with backoff.
 */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly compacting = new Set<Room>();
  private readonly compactionDue = new Set<Room>();
  /** Set on shutdown: rooms are then saved by `saveAll`, not unloaded one by one. */
  private frozen = false;

  constructor(
    private readonly store: AllianceStore,
    private readonly writer: UpdateWriter,
    private readonly metrics: RelayMetrics,
    private readonly log: Logger,
    private readonly compactEvery: number,
  ) {}

  get size(): number {
    return this.rooms.size;
  }

  all(): Room[] {
    return [...this.rooms.values()];
  }

  /** The loaded room, or a promise of it loaded from the store. */
  acquire(allianceId: string): Room | Promise<Room> {
    const loaded = this.rooms.get(allianceId);
    if (loaded) return loaded;
    let loading = this.loading.get(allianceId);
    if (!loading) {
      loading = this.load(allianceId).finally(() => this.loading.delete(allianceId));
      this.loading.set(allianceId, loading);
    }
    return loading;
  }

  private async load(allianceId: string): Promise<Room> {
    const started = performance.now();
    const stored = await this.store.loadDocument(allianceId);
    this.metrics.observeStore((performance.now() - started) / 1000);
    const room = new Room(allianceId, stored, this.writer, (r) => this.afterStored(r));
    this.rooms.set(allianceId, room);
    this.metrics.rooms = this.rooms.size;
    return room;
  }

  /** After a socket left: unload the room once it is empty and saved. */
  released(room: Room): void {
    if (room.sockets.size === 0 && !this.frozen) void this.unload(room);
  }

  private afterStored(room: Room): void {
    if (room.updatesSinceCompaction < this.compactEvery || this.compactionDue.has(room)) return;
    // After the current batch is relayed: the store commits on the event loop, and the rest of the
    // batch (other rooms' updates) must not wait for this room's snapshot to be written.
    this.compactionDue.add(room);
    setImmediate(() => {
      this.compactionDue.delete(room);
      if (this.rooms.get(room.allianceId) === room && room.updatesSinceCompaction >= this.compactEvery) {
        void this.compact(room);
      }
    });
  }

  private async unload(room: Room): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (this.frozen || room.sockets.size > 0 || this.rooms.get(room.allianceId) !== room) return;
      if (!room.idle) {
        await this.writer.whenIdle();
        continue;
      }
      if (await this.compact(room)) break;
      await delay(Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), LONGEST_RETRY_MS));
    }
    // Someone joined while the room was saving: it stays.
    if (this.frozen || room.sockets.size > 0 || !room.idle || this.rooms.get(room.allianceId) !== room) return;
    this.rooms.delete(room.allianceId);
    this.metrics.rooms = this.rooms.size;
    room.destroy();
  }

  /**
   * Folds the room's log into one snapshot of its document. True when saved (or nothing to save).
   * A broken room is never compacted: its document is not trusted; the log stays as stored.
   */
  async compact(room: Room): Promise<boolean> {
    if (room.broken || room.updatesSinceCompaction === 0) return true;
    if (this.compacting.has(room)) return false;
    this.compacting.add(room);
    const throughSeq = room.storedSeq;
    const folded = room.updatesSinceCompaction;
    // The document may hold updates applied but not yet logged; they are valid and will be
    // logged after `throughSeq`, so the snapshot only ever runs ahead of the log.
    const snapshot = room.encodeState();
    const stateVector = room.encodeStateVector();
    const started = performance.now();
    try {
      await this.store.compact(room.allianceId, snapshot, stateVector, throughSeq);
      this.metrics.observeStore((performance.now() - started) / 1000);
      room.updatesSinceCompaction = Math.max(0, room.updatesSinceCompaction - folded);
      return true;
    } catch (error) {
      this.metrics.storeFailures += 1;
      this.log('error', 'compaction failed; the room stays loaded', {
        alliance: room.allianceId,
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    } finally {
      this.compacting.delete(room);
    }
  }

  /** On shutdown: every room saved (retrying a little), then dropped. */
  freeze(): void {
    this.frozen = true;
  }

  async saveAll(): Promise<void> {
    this.frozen = true;
    await this.writer.whenIdle();
    for (const room of this.rooms.values()) {
      for (let attempt = 1; attempt <= 5; attempt++) {
        if (await this.compact(room)) break;
        await delay(FIRST_RETRY_MS * attempt);
      }
      room.destroy();
    }
    this.rooms.clear();
    this.metrics.rooms = 0;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
