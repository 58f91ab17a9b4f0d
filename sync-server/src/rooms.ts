import { createHash } from 'node:crypto';
import type { AllianceStore } from './store/allianceStore.ts';
import { errorMessage, type Logger } from './log.ts';
import type { RelayMetrics } from './metrics.ts';
import type { RelayLimits } from './limits.ts';
import { DamagedAlliance, Room } from './room.ts';
import { localChannels, type RoomChannels } from './roomBroadcast.ts';
import { checkSnapshot } from './snapshotCheck.ts';
import { checkUpdateV1 } from './updateFormat.ts';
import type { UpdateWriter } from './updateWriter.ts';

const FIRST_RETRY_MS = 100;
const LONGEST_RETRY_MS = 10_000;
/** Alliances whose last written snapshot is remembered as read (oldest forgotten first). */
const CHECKED_SNAPSHOTS_KEPT = 10_000;

/**
 * Loaded alliances. A room loads from the store on first connect and, when its last socket
 * leaves, unloads after a final save that folds its log into one snapshot (compaction). It is
 * also compacted every `compactEvery` stored updates. A failed save keeps the room loaded and is
 * retried with backoff. A snapshot is written only when it reads back as the live document.
 *
 * An alliance whose stored copy cannot be read is quarantined: refused (`DamagedAlliance`), its
 * data left as it is for the operator, every other alliance unaffected.
 */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly compacting = new Set<Room>();
  private readonly compactionDue = new Set<Room>();
  /** Alliances whose stored copy cannot be read, with the reason, until the relay restarts. */
  private readonly damaged = new Map<string, string>();
  /** Rooms whose snapshot did not read back as their document: their log is kept while loaded. */
  private readonly compactionRefused = new WeakSet<Room>();
  /** Set on shutdown: rooms are then saved by `saveAll`, not unloaded one by one. */
  private frozen = false;
  /**
   * The SHA-256 of the snapshot this process last wrote for an alliance, read strictly before it
   * was written: a room that unloads and loads again is handed the same bytes, and the same
   * reading of the same bytes gives the same answer, so it is not read again. Any other bytes
   * (damaged, replaced, or written by another process) are read in full.
   */
  private readonly checkedSnapshots = new Map<string, string>();

  constructor(
    private readonly store: AllianceStore,
    private readonly writer: UpdateWriter,
    private readonly metrics: RelayMetrics,
    private readonly log: Logger,
    private readonly limits: RelayLimits,
    private readonly channels: RoomChannels = localChannels,
  ) {}

  /** The loaded room, or a promise of it loaded from the store; `DamagedAlliance` if quarantined. */
  acquire(allianceId: string): Room | Promise<Room> {
    const loaded = this.rooms.get(allianceId);
    if (loaded) return loaded;
    const damage = this.damaged.get(allianceId);
    if (damage !== undefined) throw new DamagedAlliance(damage);
    let loading = this.loading.get(allianceId);
    if (!loading) {
      loading = this.load(allianceId).finally(() => this.loading.delete(allianceId));
      this.loading.set(allianceId, loading);
    }
    return loading;
  }

  private async load(allianceId: string): Promise<Room> {
    // Heard first, read second: an update stored after the read is heard (FANOUT-9).
    await this.channels.follow(allianceId);
    try {
      return await this.loadFollowed(allianceId);
    } catch (error) {
      this.channels.unfollow(allianceId);
      throw error;
    }
  }

  private async loadFollowed(allianceId: string): Promise<Room> {
    const started = performance.now();
    const stored = await this.store.loadDocument(allianceId);
    this.metrics.observeStore((performance.now() - started) / 1000);
    // Read as strictly as a client's update: a copy stored before a check existed, or damaged on
    // disk, is refused here rather than handed to Yjs.
    const checked = this.checkedSnapshots.get(allianceId);
    for (const [i, update] of stored.updates.entries()) {
      if (i === 0 && checked !== undefined && digest(update) === checked) continue;
      const read = checkUpdateV1(update);
      if (!read.ok) this.quarantineId(allianceId, `a stored update does not decode: ${read.reason}`);
    }
    const room = new Room(allianceId, stored, this.writer, this.limits, (r) => this.afterStored(r), this.channels.open);
    this.rooms.set(allianceId, room);
    this.metrics.rooms = this.rooms.size;
    return room;
  }

  /** After a socket left: unload the room once it is empty and saved. */
  released(room: Room): void {
    if (room.sockets.size === 0 && !this.frozen) void this.unload(room);
  }

  /** Refuses the alliance from now on (until a restart, when it is checked again); throws. */
  private quarantineId(allianceId: string, reason: string): never {
    if (!this.damaged.has(allianceId)) {
      this.damaged.set(allianceId, reason);
      this.metrics.quarantined += 1;
      this.log('error', 'alliance quarantined: its stored copy is kept as it is and not served', { alliance: allianceId, reason });
    }
    throw new DamagedAlliance(reason);
  }

  /** A loaded room found damaged: unloaded without saving; its sockets are the caller's to close. */
  quarantine(room: Room): void {
    if (this.rooms.get(room.allianceId) === room) {
      this.rooms.delete(room.allianceId);
      this.metrics.rooms = this.rooms.size;
    }
    try {
      this.quarantineId(room.allianceId, room.damaged ?? 'damaged');
    } catch {
      // Thrown for acquire's callers; here the room is already refused.
    }
    room.destroy();
  }

  /**
   * After Yjs threw on an update: the room's document again, from the store and the updates on
   * their way there. Its sockets stay connected; their frames wait until this resolves. False
   * when the stored copy itself does not load (the room is then damaged).
   */
  async rebuild(room: Room): Promise<boolean> {
    // Taken before the read: nothing is applied while rebuilding, so whatever is stored after the
    // read is in this list (applying an update twice changes nothing).
    const unstored = room.unstoredUpdates;
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await this.store.loadDocument(room.allianceId);
        try {
          room.rebuild(stored, unstored);
        } catch (error) {
          room.damaged = `the stored document does not load: ${errorMessage(error)}`;
          return false;
        }
        this.log('warn', 'room rebuilt from the store after an update failed to integrate', { alliance: room.allianceId });
        return true;
      } catch (error) {
        this.metrics.storeFailures += 1;
        this.log('error', 'room rebuild: store read failed; retrying', {
          alliance: room.allianceId,
          error: errorMessage(error),
        });
        await delay(Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), LONGEST_RETRY_MS));
      }
    }
  }

  private afterStored(room: Room): void {
    if (room.updatesSinceCompaction < this.limits.compactEvery || this.compactionDue.has(room)) return;
    // After the current batch is relayed: the store commits on the event loop, and the rest of the
    // batch (other rooms' updates) must not wait for this room's snapshot to be written.
    this.compactionDue.add(room);
    setImmediate(() => {
      this.compactionDue.delete(room);
      if (this.rooms.get(room.allianceId) === room && room.updatesSinceCompaction >= this.limits.compactEvery) {
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
   * Folds the room's log into one snapshot of its document. True when saved (or nothing to save,
   * or nothing that may be saved: a damaged room, or a snapshot that did not read back as the
   * document, keeps its log as stored). A room being rebuilt is not compacted until it is.
   */
  async compact(room: Room): Promise<boolean> {
    if (room.damaged !== null || this.compactionRefused.has(room) || room.updatesSinceCompaction === 0) return true;
    if (room.rebuilding || this.compacting.has(room)) return false;
    let doc;
    try {
      doc = room.doc;
    } catch {
      return true; // damaged: nothing of it is written
    }
    const throughSeq = room.storedSeq;
    const folded = room.updatesSinceCompaction;
    // The document may hold updates applied but not yet logged; they are valid and will be
    // logged after `throughSeq`, so the snapshot only ever runs ahead of the log.
    const snapshot = room.encodeState();
    // Read as a load will read it (once here rather than on every load: see checkedSnapshots), and
    // back as the document.
    const strict = checkUpdateV1(snapshot);
    const check = strict.ok
      ? checkSnapshot(doc, snapshot)
      : { ok: false as const, reason: `the snapshot does not decode: ${strict.reason}` };
    if (!check.ok) {
      this.compactionRefused.add(room);
      this.metrics.compactionsRefused += 1;
      this.log('error', 'compaction refused: the snapshot does not read back as the document; the log is kept', {
        alliance: room.allianceId,
        reason: check.reason,
      });
      return true;
    }
    this.compacting.add(room);
    const stateVector = room.encodeStateVector();
    const started = performance.now();
    try {
      await this.store.compact(room.allianceId, snapshot, stateVector, throughSeq);
      this.metrics.observeStore((performance.now() - started) / 1000);
      this.rememberChecked(room.allianceId, snapshot);
      room.updatesSinceCompaction = Math.max(0, room.updatesSinceCompaction - folded);
      return true;
    } catch (error) {
      this.metrics.storeFailures += 1;
      this.log('error', 'compaction failed; the room stays loaded', {
        alliance: room.allianceId,
        error: errorMessage(error),
      });
      return false;
    } finally {
      this.compacting.delete(room);
    }
  }

  private rememberChecked(allianceId: string, snapshot: Uint8Array): void {
    this.checkedSnapshots.delete(allianceId);
    this.checkedSnapshots.set(allianceId, digest(snapshot));
    if (this.checkedSnapshots.size > CHECKED_SNAPSHOTS_KEPT) {
      this.checkedSnapshots.delete(this.checkedSnapshots.keys().next().value!);
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

function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
