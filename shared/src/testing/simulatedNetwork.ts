/**
 * N Y.Docs exchanging updates over a simulated network, for randomized convergence tests (tests only).
 * Modelled on yjs's tests/testHelper.js (TestConnector) and tldraw's syncFuzz: every update a peer makes
 * is queued in the other online peers' inboxes, and the test decides when, in what order, and whether
 * each one arrives. Messages may be dropped or duplicated; a peer may go offline (its inbox is lost)
 * and come back, when it does a state-vector sync with every online peer, as y-websocket does.
 */
import * as Y from 'yjs';
import type { Prng } from './prng.ts';

export interface NetworkOptions {
  peers: number;
  prng: Prng;
  /** Chance that an update to one receiver is lost in transit. */
  dropRate?: number;
  /** Chance that an update to one receiver arrives twice. */
  duplicateRate?: number;
}

export interface SimulatedPeer {
  readonly index: number;
  readonly doc: Y.Doc;
  online: boolean;
  /** Updates on their way to this peer, delivered in random order. */
  inbox: Uint8Array[];
}

export interface NetworkStats {
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  disconnects: number;
  reconnects: number;
  resyncs: number;
}

/** What `step` did, for a failing test's log. */
export type NetworkEvent = 'deliver' | 'deliver-all' | 'disconnect' | 'reconnect' | 'resync' | 'idle';

export class SimulatedNetwork {
  readonly peers: SimulatedPeer[] = [];
  readonly stats: NetworkStats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0, disconnects: 0, reconnects: 0, resyncs: 0 };
  private readonly prng: Prng;
  private readonly dropRate: number;
  private readonly duplicateRate: number;

  constructor(options: NetworkOptions) {
    this.prng = options.prng;
    this.dropRate = options.dropRate ?? 0.05;
    this.duplicateRate = options.duplicateRate ?? 0.05;
    const used = new Set<number>();
    for (let index = 0; index < options.peers; index++) {
      const doc = new Y.Doc();
      // Client ids from the seed (not Yjs's own random ones), so the merge order, and any failure, replays.
      let clientID = this.prng.uint32() >>> 1;
      while (used.has(clientID)) clientID = this.prng.uint32() >>> 1;
      used.add(clientID);
      doc.clientID = clientID;
      const peer: SimulatedPeer = { index, doc, online: true, inbox: [] };
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        // Only what this peer made goes out; what it received is the sender's to send.
        if (origin !== this) this.broadcast(peer, update);
      });
      this.peers.push(peer);
    }
  }

  get docs(): Y.Doc[] {
    return this.peers.map((p) => p.doc);
  }

  /** Delivers one queued update to a random online peer; false when nothing is in flight. */
  deliverRandom(): boolean {
    const waiting = this.peers.filter((p) => p.online && p.inbox.length > 0);
    const receiver = this.prng.maybePick(waiting);
    if (!receiver) return false;
    const [update] = receiver.inbox.splice(this.prng.int(0, receiver.inbox.length - 1), 1);
    Y.applyUpdate(receiver.doc, update!, this);
    this.stats.delivered++;
    return true;
  }

  /** Delivers everything in flight, in random order, including whatever the deliveries cause. */
  deliverAll(): void {
    while (this.deliverRandom()) {
      // keep going
    }
  }

  disconnect(peer: SimulatedPeer): void {
    if (!peer.online) return;
    peer.online = false;
    // What was on its way is lost with the connection.
    peer.inbox = [];
    this.stats.disconnects++;
  }

  /** Back online: a state-vector sync with every online peer, both ways (y-protocols sync steps 1 and 2). */
  reconnect(peer: SimulatedPeer): void {
    if (peer.online) return;
    peer.online = true;
    this.stats.reconnects++;
    this.syncWithOthers(peer);
  }

  /** Brings every peer online, repairs any dropped update by state-vector syncs, and delivers everything. */
  syncAll(): void {
    for (const peer of this.peers) this.reconnect(peer);
    this.deliverAll();
    // Always one full round: an update that only deletes moves no state vector, so a dropped one is
    // invisible to a state-vector comparison. Later rounds only if a round did not suffice (a bug here).
    for (let round = 0; round < 3 && (round === 0 || !this.converged()); round++) {
      for (const peer of this.peers) this.syncWithOthers(peer);
      this.deliverAll();
    }
  }

  /** True when every document holds the same items and deletions, and nothing waits for a missing dependency. */
  converged(): boolean {
    const first = Y.snapshot(this.peers[0]!.doc);
    return this.peers.every(
      (p) => p.doc.store.pendingStructs === null && p.doc.store.pendingDs === null && Y.equalSnapshots(Y.snapshot(p.doc), first),
    );
  }

  /** One random network event, weighted so that most steps deliver something. */
  step(): NetworkEvent {
    const online = this.peers.filter((p) => p.online);
    const offline = this.peers.filter((p) => !p.online);
    const event = this.prng.weighted<NetworkEvent>([
      [60, 'deliver'],
      [2, 'deliver-all'],
      [online.length > 1 ? 3 : 0, 'disconnect'],
      [offline.length > 0 ? 6 : 0, 'reconnect'],
      [2, 'resync'],
      [27, 'idle'],
    ]);
    switch (event) {
      case 'deliver':
        return this.deliverRandom() ? 'deliver' : 'idle';
      case 'deliver-all':
        this.deliverAll();
        return event;
      case 'disconnect':
        this.disconnect(this.prng.pick(online));
        return event;
      case 'reconnect':
        this.reconnect(this.prng.pick(offline));
        return event;
      case 'resync': {
        // What y-websocket's resyncInterval does: repairs drops between peers that stayed online.
        const peer = this.prng.maybePick(online);
        if (peer) {
          this.syncWithOthers(peer);
          this.stats.resyncs++;
        }
        return event;
      }
      case 'idle':
        return event;
    }
  }

  destroy(): void {
    for (const peer of this.peers) peer.doc.destroy();
  }

  private broadcast(sender: SimulatedPeer, update: Uint8Array): void {
    // An offline peer's edits stay local until it reconnects and syncs.
    if (!sender.online) return;
    for (const receiver of this.peers) {
      if (receiver === sender || !receiver.online) continue;
      this.stats.sent++;
      if (this.prng.bool(this.dropRate)) {
        this.stats.dropped++;
        continue;
      }
      receiver.inbox.push(update);
      if (this.prng.bool(this.duplicateRate)) {
        receiver.inbox.push(update);
        this.stats.duplicated++;
      }
    }
  }

  /** Queues, for `peer` and each online peer, what the other lacks by its state vector (never dropped). */
  private syncWithOthers(peer: SimulatedPeer): void {
    for (const other of this.peers) {
      if (other === peer || !other.online) continue;
      other.inbox.push(Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(other.doc)));
      peer.inbox.push(Y.encodeStateAsUpdate(other.doc, Y.encodeStateVector(peer.doc)));
    }
  }
}
