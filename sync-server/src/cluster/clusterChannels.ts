/**
 * Rooms' broadcasts for a cluster of relays on one PostgreSQL and one Redis. A room publishes what
 * it stored (with its sequence number) and the presence it accepted, and hears the other relays':
 * an update is applied to the room's document, then handed to its sockets, never stored again.
 *
 * Nothing is lost to Redis: every update is in the log before it is published, and a room fills any
 * gap in the numbers it holds from the log (`loadSince`, one fill at a time per room). A gap shows
 * when a heard or stored number is not the next one; Redis coming back fills every room (updates
 * published while this relay was away were never heard) and republishes each room's latest update
 * whose publish was dropped, so every other relay sees the number and fills its own gap.
 */
import * as Y from 'yjs';
import type { Connection } from '../connection.ts';
import { errorMessage, type Logger } from '../log.ts';
import { encodePresenceUpdate } from '../presence.ts';
import type { BroadcastRoom, RoomBroadcast, RoomChannels } from '../roomBroadcast.ts';
import { SocketFanOut } from '../socketFanOut.ts';
import { checkUpdateV1 } from '../updateFormat.ts';
import type { AllianceStore } from '../store/allianceStore.ts';
import type { ClusterMessage } from './clusterMessage.ts';
import { RedisBus } from './redisBus.ts';
import { RemotePresence, type RemotePresenceBounds } from './remotePresence.ts';

/** How long a gap may stay before the log is read: another relay's publish is usually a moment behind its commit. */
export const GAP_GRACE_MS = 200;
const FILL_RETRY_MS = 500;
/** Messages heard for an alliance while its room loads, kept until it is open (a bound on a stuck load). */
const MAX_HEARD_WHILE_LOADING = 10_000;

export interface ClusterOptions {
  redisUrl: string;
  prefix: string;
  maxPayloadBytes: number;
  presence: RemotePresenceBounds;
  store: AllianceStore;
  log: Logger;
  /** A link revoked on another relay (or missed while Redis was away): close its sockets here. */
  revoked: (linkId: string) => void;
  /** A gap left open this long is filled from the log (tests shorten it to prove the fill). */
  gapGraceMs?: number;
}

/** One open room as the cluster sees it. */
interface Held {
  room: BroadcastRoom;
  fanOut: SocketFanOut;
  presence: RemotePresence;
  /** The highest-numbered update this relay knows, to publish again after a dropped publish. */
  latest: { seq: number; update: Uint8Array } | null;
  fill: NodeJS.Timeout | null;
  filling: boolean;
  /** Asked to fill while a fill was under way (which may have read before what is asked for): once more after it. */
  fillAgain: boolean;
  closed: boolean;
}

export class ClusterChannels implements RoomChannels {
  readonly bus: RedisBus;
  private readonly held = new Map<string, Held>();
  private readonly loading = new Map<string, ClusterMessage[]>();
  private readonly grace: number;

  constructor(private readonly options: ClusterOptions) {
    this.grace = options.gapGraceMs ?? GAP_GRACE_MS;
    this.bus = new RedisBus({
      url: options.redisUrl,
      prefix: options.prefix,
      maxPayloadBytes: options.maxPayloadBytes,
      log: options.log,
      received: (message) => this.received(message),
      resubscribed: (ids) => this.resubscribed(ids),
      droppedWhileDown: (ids) => this.republish(ids),
    });
  }

  async follow(allianceId: string): Promise<void> {
    this.loading.set(allianceId, []);
    await this.bus.follow(allianceId);
  }

  unfollow(allianceId: string): void {
    this.loading.delete(allianceId);
    this.held.delete(allianceId);
    void this.bus.unfollow(allianceId);
  }

  readonly open = (room: BroadcastRoom): RoomBroadcast => {
    const id = room.allianceId;
    const held: Held = {
      room,
      fanOut: new SocketFanOut(room.sockets, (to) => room.presenceSent(to)),
      presence: new RemotePresence(this.options.presence),
      latest: null,
      fill: null,
      filling: false,
      fillAgain: false,
      closed: false,
    };
    this.held.set(id, held);
    // What was heard while the room read the store: what the read already held is dropped by number.
    const heard = this.loading.get(id) ?? [];
    this.loading.delete(id);
    for (const message of heard) this.deliver(held, message);
    this.bus.publishPresenceQuery(id);
    return {
      update: (update: Uint8Array, seq: number, from: Connection) => {
        held.fanOut.update(update, from);
        this.bus.publishUpdate(id, seq, update);
        this.noteLatest(held, seq, update);
        if (room.seqs.hasGap) this.scheduleFill(held, this.grace);
      },
      presence: (encoded: Uint8Array) => {
        held.fanOut.presenceChange(encoded);
        this.bus.publishPresence(id, encoded);
      },
      presenceStates: () => held.presence.states(),
      close: () => {
        held.closed = true;
        if (held.fill) clearTimeout(held.fill);
        held.fanOut.close();
        if (this.held.get(id) === held) this.unfollow(id);
      },
    };
  };

  /** A local revocation, already stored and cut here: every other relay cuts it too. */
  revoked(allianceId: string, linkId: string): void {
    this.bus.publishRevoked(allianceId, linkId);
  }

  async ready(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`Redis at ${this.options.redisUrl} did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.bus.ready(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    for (const held of this.held.values()) if (held.fill) clearTimeout(held.fill);
    await this.bus.close();
  }

  private received(message: ClusterMessage): void {
    if (message.kind === 'revoked') {
      this.options.revoked(message.linkId);
      return;
    }
    const held = this.held.get(message.allianceId);
    if (held) {
      this.deliver(held, message);
      return;
    }
    const waiting = this.loading.get(message.allianceId);
    if (waiting && waiting.length < MAX_HEARD_WHILE_LOADING) waiting.push(message);
  }

  private deliver(held: Held, message: ClusterMessage): void {
    if (message.kind === 'presence') {
      if (held.presence.heard(message.payload)) held.fanOut.presenceChange(message.payload);
      else this.options.log('warn', 'presence from another relay refused', { alliance: held.room.allianceId });
      return;
    }
    if (message.kind === 'presenceQuery') {
      const states = held.room.localPresence();
      if (states.length > 0) this.bus.publishPresence(held.room.allianceId, encodePresenceUpdate(states));
      return;
    }
    if (message.kind !== 'update') return;
    this.heard(held, message.seq, message.payload);
  }

  private heard(held: Held, seq: number, update: Uint8Array, fromStore = false): void {
    if (held.room.seqs.has(seq)) return;
    // Read as strictly as a client's update before Yjs sees it: bytes from Redis are input like any other.
    const read = fromStore ? null : checkUpdateV1(update);
    if (read && !read.ok) {
      this.options.log('error', 'update from another relay refused; the room reads it from the store', { alliance: held.room.allianceId, seq, reason: read.reason });
      this.scheduleFill(held, this.grace);
      return;
    }
    if (!held.room.heardUpdate(update, seq)) return;
    held.fanOut.update(update, null);
    this.noteLatest(held, seq, update);
    if (held.room.seqs.hasGap) this.scheduleFill(held, this.grace);
  }

  private noteLatest(held: Held, seq: number, update: Uint8Array): void {
    if (held.latest === null || seq > held.latest.seq) held.latest = { seq, update };
  }

  private scheduleFill(held: Held, afterMs: number): void {
    if (held.fill || held.closed) return;
    held.fill = setTimeout(() => {
      held.fill = null;
      void this.fill(held);
    }, afterMs);
  }

  /** Reads what follows the room's watermark from the log and applies what the room lacks; one at a time per room. */
  private async fill(held: Held): Promise<void> {
    if (held.closed) return;
    if (held.filling) {
      held.fillAgain = true;
      return;
    }
    held.filling = true;
    held.fillAgain = false;
    const id = held.room.allianceId;
    try {
      const since = await this.options.store.loadSince(id, held.room.seqs.through);
      if (held.closed) return;
      if (since.compacted) {
        const stored = await this.options.store.loadDocument(id);
        if (held.closed) return;
        const before = held.room.encodeStateVector();
        held.room.heardDocument(stored);
        if (stored.updates.length > 0) held.fanOut.update(Y.diffUpdate(Y.mergeUpdates(stored.updates), before), null);
      } else {
        for (const { seq, update } of since.updates) this.heard(held, seq, update, true);
      }
    } catch (error) {
      this.options.log('warn', 'gap fill from the store failed; retrying', { alliance: id, error: errorMessage(error) });
      held.filling = false;
      this.scheduleFill(held, FILL_RETRY_MS);
      return;
    }
    held.filling = false;
    if (held.fillAgain) {
      void this.fill(held);
      return;
    }
    // Numbers above the watermark that the log did not hold yet (appends still committing) are read again.
    if (held.room.seqs.hasGap) this.scheduleFill(held, this.grace);
  }

  /** Redis is back: whatever was published meanwhile is read from the log, and missed revocations found. */
  private resubscribed(ids: string[]): void {
    for (const id of ids) {
      const held = this.held.get(id);
      if (!held) continue;
      void this.fill(held);
      void this.recheckLinks(held);
    }
  }

  private async recheckLinks(held: Held): Promise<void> {
    const linkIds = new Set([...held.room.sockets].map((socket) => socket.linkId).filter((id) => id !== null));
    if (linkIds.size === 0) return;
    try {
      for (let after: string | undefined; ; ) {
        const page = await this.options.store.listLinks(held.room.allianceId, { after, limit: 500 });
        for (const link of page) if (link.revokedAt !== null && linkIds.has(link.id)) this.options.revoked(link.id);
        if (page.length < 500) return;
        after = page.at(-1)!.id;
      }
    } catch (error) {
      this.options.log('warn', 'link re-check after Redis came back failed', { alliance: held.room.allianceId, error: errorMessage(error) });
    }
  }

  /** Our publishes were dropped while Redis was away: the latest number of each tells the others to fill. */
  private republish(ids: string[]): void {
    for (const id of ids) {
      const latest = this.held.get(id)?.latest;
      if (latest) this.bus.publishUpdate(id, latest.seq, latest.update);
    }
  }
}
