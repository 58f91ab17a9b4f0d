import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { SYNC_STEPS } from '@trellis/shared';
import { AuthorityCheck, activityOf, refusalOf, type AuthorityVerdict } from './authorityCheck.ts';
import type { Connection } from './connection.ts';
import { encodePresenceUpdate, type PresenceEntry } from './presence.ts';
import { PresenceBoard, type PresenceLimits } from './presenceBoard.ts';
import { APPLIED, type PresenceOutcome, type UpdateOutcome } from './updateOutcome.ts';
import { localBroadcast, type BroadcastRoom, type OpenRoomBroadcast, type RoomBroadcast } from './roomBroadcast.ts';
import { encodeAwarenessFrame, encodeSyncFrame } from './syncFrame.ts';
import type { RelayLimits } from './limits.ts';
import { TokenBucket } from './tokenBucket.ts';
import { readUpdateOutline } from './updateFormat.ts';
import { SeqWatermark } from './seqWatermark.ts';
import { updateReadiness } from './updateReadiness.ts';
import type { StoredDocument } from './store/allianceStore.ts';
import { buildDocument, namesPlausibleClients, overlapAfterGarbage } from './roomDocument.ts';
import type { UpdateWriter } from './updateWriter.ts';
import { MAX_HELD_STRUCTS, type HeldUpdate } from './heldUpdate.ts';
import { errorMessage } from './log.ts';

export type { PresenceOutcome, UpdateOutcome } from './updateOutcome.ts';

/** What the bench's unchecked relay records: no places resolved. */
const UNCHECKED: AuthorityVerdict = { kind: 'allowed', places: [], outsideCharter: false };

/** The alliance's stored copy cannot be read: it is kept for the operator and not served. */
export class DamagedAlliance extends Error {}

/** An empty state vector: a client that has nothing yet. */
const EMPTY_STATE_VECTOR_BYTE = 0;

/**
 * One loaded alliance: its document, the presence of the people in it, and the sockets that
 * share it. Updates are applied (which proves they integrate), stored, and only then relayed.
 */
export class Room implements BroadcastRoom {
  private loadedDoc: Y.Doc | null = null;
  /** What the store held when the room loaded, until the document is first needed. */
  private stored: Uint8Array[] | null;
  /** The stored document's state vector, when the store knew it. */
  private storedStateVector: Uint8Array | null;
  /** Who is here: presence states, each spoken for by one socket. */
  private readonly presence = new PresenceBoard<Connection>();
  readonly sockets = new Set<Connection>();
  /** The alliance's update numbers applied here; compaction folds only through its contiguous watermark. */
  readonly seqs: SeqWatermark;
  updatesSinceCompaction = 0;
  /** Updates applied but not yet stored; replies that could reveal them wait for these. */
  private readonly unstored = new Set<Uint8Array>();
  private afterStored: Array<() => void> = [];
  /** Updates that build on what the document lacks yet, oldest first (a few per socket). */
  private held: HeldUpdate[] = [];
  /** Set while the document is rebuilt after Yjs threw: frames for the room wait, nothing is compacted. */
  rebuilding = false;
  /** Set when the stored copy cannot be read: the room serves nobody. */
  damaged: string | null = null;
  /**
   * Set when Yjs threw on an update that passed every check: whose it was. The document is not
   * trusted until rebuilt (`rebuilding`); the endpoint refuses that writer and rebuilds the room.
   */
  failure: { from: Connection; reason: string } | null = null;
  /** The full state as a sync step 2 frame, for clients that have nothing yet. */
  private fullStateFrame: Uint8Array | null = null;
  private stateVectorFrame: Uint8Array | null = null;
  /** Milliseconds of Yjs integration this alliance may still use (`applyBudgetMs`). */
  private readonly applyBudget: TokenBucket;
  /** Updates the document emitted during one `applyUpdate` call. */
  private captured: Uint8Array[] = [];
  private capturing = false;
  /** The authority check of the current document (a rebuilt document gets its own). */
  private authority: AuthorityCheck | null = null;
  /** Held updates refused when they were released: whose they were and why; the endpoint closes those sockets. */
  heldRefusals: Array<{ from: Connection; outcome: UpdateOutcome }> = [];
  /** Stored updates and presence changes go out through this, to the sockets and other relays. */
  private readonly broadcast: RoomBroadcast;

  constructor(
    readonly allianceId: string,
    stored: StoredDocument,
    private readonly writer: UpdateWriter,
    private readonly limits: Pick<
      RelayLimits,
      'maxStructsPerUpdate' | 'maxHeldUpdates' | 'maxHeldBytes' | 'applyBudgetMs' | 'applyMsPerSecond' | 'checkAuthority'
    >,
    private readonly onStored: (room: Room) => void,
    openBroadcast: OpenRoomBroadcast = localBroadcast,
  ) {
    this.applyBudget = new TokenBucket(limits.applyBudgetMs, limits.applyMsPerSecond);
    this.stored = stored.updates;
    this.storedStateVector = stored.stateVector;
    this.seqs = new SeqWatermark(stored.throughSeq);
    this.updatesSinceCompaction = Math.max(0, stored.updates.length - 1);
    this.broadcast = openBroadcast(this);
  }

  /**
   * The alliance's document, built from the store on first use. A client that only reads (sync
   * step 1 from an empty state) is answered from the stored bytes without building it: after a
   * restart the first load costs a read, not a decode. Stored bytes that Yjs cannot read mark the
   * room damaged (`DamagedAlliance`).
   */
  get doc(): Y.Doc {
    if (this.loadedDoc) return this.loadedDoc;
    if (this.damaged !== null) throw new DamagedAlliance(this.damaged);
    const stored = this.stored ?? [];
    let doc: Y.Doc;
    try {
      doc = buildDocument(stored);
    } catch (error) {
      this.damaged = `the stored document does not load: ${errorMessage(error)}`;
      throw new DamagedAlliance(this.damaged);
    }
    this.adopt(doc);
    return doc;
  }

  private adopt(doc: Y.Doc): void {
    doc.on('update', (update: Uint8Array) => {
      if (this.capturing) this.captured.push(update);
    });
    this.stored = null;
    this.storedStateVector = null;
    this.loadedDoc = doc;
    this.authority = null;
    this.fullStateFrame = null;
    this.stateVectorFrame = null;
  }

  /** The whole document as one v1 update. */
  encodeState(): Uint8Array {
    if (this.loadedDoc || this.stored === null) return Y.encodeStateAsUpdate(this.doc);
    if (this.stored.length === 0) return Y.encodeStateAsUpdate(new Y.Doc());
    if (this.stored.length > 1) this.stored = [Y.mergeUpdates(this.stored)];
    return this.stored[0]!;
  }

  /** The state vector of the whole document. */
  encodeStateVector(): Uint8Array {
    if (this.loadedDoc) return Y.encodeStateVector(this.loadedDoc);
    this.storedStateVector ??= Y.encodeStateVectorFromUpdate(this.encodeState());
    return this.storedStateVector;
  }

  /** Every update numbered up to this is applied here (not one above a gap: FANOUT-8). */
  get storedSeq(): number {
    return this.seqs.through;
  }

  get idle(): boolean {
    return this.unstored.size === 0;
  }

  /**
   * A writer's update: decoded strictly, applied once Yjs can integrate all of it, stored, then
   * relayed to every other socket. Only the part the document did not already have is stored and
   * relayed. An update that builds on what the document lacks is held, a few per room, until it can
   * be applied: Yjs itself would keep it inside the document, unbounded and unstored.
   */
  applyClientUpdate(from: Connection, update: Uint8Array): UpdateOutcome {
    const read = readUpdateOutline(update, this.limits.maxStructsPerUpdate);
    if (!read.ok) return { kind: 'malformed', reason: read.reason };
    const outline = read.outline;
    // The empty update (what a client with nothing new answers to sync step 1) changes nothing.
    if (outline.structCount === 0 && outline.deletes.length === 0) return APPLIED;
    if (outline.clients.some((client) => client.structs.some((struct) => struct.subdocument))) {
      return { kind: 'malformed', reason: 'an alliance holds no subdocuments' };
    }
    if (!this.applyBudget.hasTokens()) return { kind: 'over-budget' };
    const doc = this.doc;
    const readiness = updateReadiness(outline, (client) => Y.getState(doc.store, client));
    if (!readiness.ready) {
      // Bounded per socket, so that one writer's held updates never crowd out another's.
      const mine = this.held.filter((held) => held.from === from);
      const bytes = mine.reduce((sum, held) => sum + held.update.byteLength, update.byteLength);
      if (outline.structCount > MAX_HELD_STRUCTS || mine.length >= this.limits.maxHeldUpdates || bytes > this.limits.maxHeldBytes) {
        return { kind: 'too-many-held' };
      }
      this.held.push({ from, update, outline, waitsFor: readiness.waitsFor, clock: readiness.clock });
      return { kind: 'held' };
    }
    const overlap = overlapAfterGarbage(outline, doc);
    if (overlap !== null) return { kind: 'malformed', reason: overlap };
    const verdict = this.judge(from, update);
    if (verdict.kind !== 'allowed') return refusalOf(verdict);
    if (this.integrate(from, update, verdict) && this.held.length > 0) this.releaseHeld();
    return APPLIED;
  }

  /**
   * The authority check, after readiness and before integration, on the document as it is before the update
   * (AUTH-1 .. AUTH-13). Off only for the bench's comparison (`checkAuthority`).
   */
  private judge(from: Connection, update: Uint8Array): AuthorityVerdict {
    if (!this.limits.checkAuthority) return UNCHECKED;
    this.authority ??= new AuthorityCheck(this.doc);
    return this.authority.check({ role: from.role ?? 'view', partnerId: from.partnerId }, update, Date.now());
  }

  /** Applies an update Yjs can integrate whole; stores and relays what was new in it. False if Yjs threw. */
  private integrate(from: Connection, update: Uint8Array, verdict: AuthorityVerdict & { kind: 'allowed' }): boolean {
    const doc = this.doc;
    this.capturing = true;
    const started = performance.now();
    try {
      Y.applyUpdate(doc, update, from);
    } catch (error) {
      // Yjs threw on an update that passed every check: the document may hold part of it. Nothing
      // of it is stored; the document is rebuilt from the store and what is on its way there.
      this.captured = [];
      this.rebuilding = true;
      this.failure = { from, reason: errorMessage(error) };
      return false;
    } finally {
      this.capturing = false;
      this.applyBudget.spend(performance.now() - started);
    }
    const effective = this.captured;
    if (effective.length === 0) return true;
    this.captured = [];
    this.authority?.integrated(verdict);
    this.fullStateFrame = null;
    this.stateVectorFrame = null;
    // Who changed what (ACT-1), stored with the update's first part, in the same transaction.
    const activity = activityOf(from, verdict);
    // Counted before any is enqueued: a store that commits inline reports the first one stored
    // before the next is enqueued, and replies waiting for "everything applied is stored" must
    // still wait for the rest.
    for (const change of effective) this.unstored.add(change);
    for (const [index, change] of effective.entries()) {
      const entry = index === 0 ? { allianceId: this.allianceId, update: change, activity } : { allianceId: this.allianceId, update: change };
      this.writer.enqueue(entry, (seq) => {
        this.unstored.delete(change);
        this.seqs.applied(seq);
        this.updatesSinceCompaction += 1;
        this.broadcast.update(change, seq, from);
        if (this.unstored.size === 0) {
          for (const reply of this.afterStored.splice(0)) reply();
        }
        this.onStored(this);
      });
    }
    return true;
  }

  /** Applies every held update that the document can now integrate, until none can. */
  private releaseHeld(): void {
    const doc = this.doc;
    for (let progress = true; progress && !this.rebuilding; ) {
      progress = false;
      for (const held of [...this.held]) {
        if (Y.getState(doc.store, held.waitsFor) <= held.clock) continue;
        const readiness = updateReadiness(held.outline, (client) => Y.getState(doc.store, client));
        if (!readiness.ready) {
          held.waitsFor = readiness.waitsFor;
          held.clock = readiness.clock;
          continue;
        }
        this.dropHeld(held);
        // The same admission as a direct update: what Yjs throws on never reaches it.
        if (held.from.state !== 'open' || overlapAfterGarbage(held.outline, doc) !== null) continue;
        const verdict = this.judge(held.from, held.update);
        if (verdict.kind !== 'allowed') {
          this.heldRefusals.push({ from: held.from, outcome: refusalOf(verdict) });
          continue;
        }
        if (!this.integrate(held.from, held.update, verdict)) return;
        progress = true;
      }
    }
  }

  private dropHeld(held: HeldUpdate): void {
    this.held.splice(this.held.indexOf(held), 1);
  }

  /** Updates applied but not yet confirmed stored: a rebuilt document must hold them too. */
  get unstoredUpdates(): Uint8Array[] {
    return [...this.unstored];
  }

  /** After Yjs threw: the document again, from the store and what is on its way there. */
  rebuild(stored: StoredDocument, unstored: readonly Uint8Array[]): void {
    const previous = this.loadedDoc;
    // Throws if the store's copy itself cannot be read; the caller then marks the room damaged.
    const doc = buildDocument([...stored.updates, ...unstored]);
    previous?.destroy();
    this.adopt(doc);
    this.rebuilding = false;
  }

  /** Runs `reply` once every update applied so far is stored (now, when nothing is pending). */
  whenStored(reply: () => void): void {
    if (this.unstored.size === 0) reply();
    else this.afterStored.push(reply);
  }

  /** Whether a well-formed state vector names no more clients than this alliance could have (SV-1). */
  plausibleStateVector(stateVector: Uint8Array): boolean {
    return namesPlausibleClients(stateVector, () =>
      this.loadedDoc ? this.loadedDoc.store.clients.size : decoding.readVarUint(decoding.createDecoder(this.encodeStateVector())),
    );
  }

  /** Sync step 1 from a client: answer with what it lacks (sync step 2), once that is stored. */
  answerStateVector(to: Connection, stateVector: Uint8Array): void {
    this.whenStored(() => {
      if (stateVector.length === 1 && stateVector[0] === EMPTY_STATE_VECTOR_BYTE) {
        this.fullStateFrame ??= encodeSyncFrame(SYNC_STEPS.step2, this.encodeState());
        to.send(this.fullStateFrame);
      } else if (this.loadedDoc) {
        to.send(encodeSyncFrame(SYNC_STEPS.step2, Y.encodeStateAsUpdate(this.loadedDoc, stateVector)));
      } else {
        to.send(encodeSyncFrame(SYNC_STEPS.step2, Y.diffUpdate(this.encodeState(), stateVector)));
      }
    });
  }

  /** Sync step 1 to a writer that joined, so it sends back what the relay lacks. */
  askForMissing(to: Connection): void {
    this.stateVectorFrame ??= encodeSyncFrame(SYNC_STEPS.step1, this.encodeStateVector());
    to.send(this.stateVectorFrame);
  }

  /**
   * Presence from a socket, kept on the room's board and relayed to everyone: only entries for
   * client ids this socket owns (the first live socket to use an id owns it until it closes).
   */
  applyPresence(from: Connection, update: Uint8Array, limits: PresenceLimits): PresenceOutcome {
    const receipt = this.presence.receive(from, update, limits);
    // To everyone, the sender included: a lone client hears its own renewals and stays connected.
    if (receipt.ok && receipt.accepted.length > 0) this.broadcast.presence(encodePresenceUpdate(receipt.accepted));
    return receipt;
  }

  /** Everyone's presence, for a socket that joined or asked (query-awareness). */
  sendPresence(to: Connection): void {
    // Other relays' people too: a socket that joins sees them before their next renewal.
    const states = [...this.presence.states(), ...(this.broadcast.presenceStates?.() ?? [])];
    if (states.length === 0) return;
    to.send(encodeAwarenessFrame(encodePresenceUpdate(states)));
    this.presence.relayedTo(to);
  }

  join(socket: Connection): void {
    this.sockets.add(socket);
    socket.room = this;
  }

  /** A socket left: its presence is removed for everyone. */
  leave(socket: Connection): void {
    this.sockets.delete(socket);
    // Held updates were never stored or relayed: the writer sends them again when it reconnects.
    for (const held of this.held.filter((entry) => entry.from === socket)) this.dropHeld(held);
    const removed = this.presence.leave(socket);
    if (removed.length > 0) this.broadcast.presence(encodePresenceUpdate(removed));
  }

  /** Another relay's stored update, applied before its broadcast to this room's sockets; false if held already (FANOUT-6). */
  heardUpdate(update: Uint8Array, seq: number): boolean {
    if (this.seqs.has(seq)) return false;
    this.absorb([update]);
    this.seqs.applied(seq);
    return true;
  }

  /** The alliance's whole stored document through `throughSeq` (what a gap fill reads after a compaction). */
  heardDocument(stored: StoredDocument): void {
    this.absorb(stored.updates);
    this.seqs.appliedThrough(stored.throughSeq);
  }

  private absorb(updates: Uint8Array[]): void {
    if (this.loadedDoc) for (const update of updates) Y.applyUpdate(this.loadedDoc, update, 'another relay');
    else this.stored?.push(...updates);
    this.updatesSinceCompaction += updates.length;
    this.authority = null;
    this.fullStateFrame = this.stateVectorFrame = this.storedStateVector = null;
  }

  localPresence(): PresenceEntry[] {
    return this.presence.states();
  }

  presenceSent(to: Connection): void {
    this.presence.relayedTo(to);
  }

  destroy(): void {
    this.broadcast.close();
    this.loadedDoc?.destroy();
    this.loadedDoc = null;
    this.held = [];
    this.stored = null;
    this.storedStateVector = null;
    this.fullStateFrame = null;
    this.stateVectorFrame = null;
  }
}
