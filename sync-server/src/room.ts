import * as Y from 'yjs';
import { SYNC_STEPS } from '@trellis/shared';
import type { Connection } from './connection.ts';
import { encodePresenceUpdate, type PresenceEntry } from './presence.ts';
import { PresenceBoard, type PresenceLimits, type PresenceReceipt } from './presenceBoard.ts';
import { prepareFrame, type PreparedFrame } from './preparedFrame.ts';
import { encodeAwarenessFrame, encodeSyncFrame } from './syncFrame.ts';
import { checkUpdateV1 } from './updateFormat.ts';
import type { StoredDocument } from './store/allianceStore.ts';
import type { UpdateWriter } from './updateWriter.ts';

export type UpdateOutcome = 'applied' | 'malformed' | 'broke-document';
export type PresenceOutcome = PresenceReceipt;

/** An empty state vector: a client that has nothing yet. */
const EMPTY_STATE_VECTOR_BYTE = 0;

/**
 * One loaded alliance: its document, the presence of the people in it, and the sockets that
 * share it. Updates are applied (which proves they integrate), stored, and only then relayed.
 */
export class Room {
  private loadedDoc: Y.Doc | null = null;
  /** What the store held when the room loaded, until the document is first needed. */
  private stored: Uint8Array[] | null;
  /** The stored document's state vector, when the store knew it. */
  private storedStateVector: Uint8Array | null;
  /** Who is here: presence states, each spoken for by one socket. */
  private readonly presence = new PresenceBoard<Connection>();
  readonly sockets = new Set<Connection>();
  /** Sequence number of the last update of this room known to be in the store. */
  storedSeq: number;
  updatesSinceCompaction = 0;
  /** Updates applied but not yet stored; replies that could reveal them wait for these. */
  private unstored = 0;
  private afterStored: Array<() => void> = [];
  /** Set when Yjs threw while integrating an update: the in-memory document is not trusted again. */
  broken = false;
  /** The full state as a sync step 2 frame, for clients that have nothing yet. */
  private fullStateFrame: Uint8Array | null = null;
  private stateVectorFrame: Uint8Array | null = null;
  /** Updates the document emitted during one `applyUpdate` call. */
  private captured: Uint8Array[] = [];
  private capturing = false;

  constructor(
    readonly allianceId: string,
    stored: StoredDocument,
    private readonly writer: UpdateWriter,
    private readonly onStored: (room: Room) => void,
  ) {
    this.stored = stored.updates;
    this.storedStateVector = stored.stateVector;
    this.storedSeq = stored.throughSeq;
    this.updatesSinceCompaction = Math.max(0, stored.updates.length - 1);
  }

  /**
   * The alliance's document, built from the store on first use. A client that only reads (sync
   * step 1 from an empty state) is answered from the stored bytes without building it: after a
   * restart the first load costs a read, not a decode.
   */
  get doc(): Y.Doc {
    if (this.loadedDoc) return this.loadedDoc;
    const doc = new Y.Doc();
    const stored = this.stored ?? [];
    doc.transact(() => {
      for (const update of stored) Y.applyUpdate(doc, update);
    });
    doc.on('update', (update: Uint8Array) => {
      if (this.capturing) this.captured.push(update);
    });
    this.stored = null;
    this.storedStateVector = null;
    this.loadedDoc = doc;
    return doc;
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

  get idle(): boolean {
    return this.unstored === 0;
  }

  /**
   * A writer's update: checked strictly, applied, stored, then relayed to every other socket.
   * Only the part the document did not already have is stored and relayed.
   */
  applyClientUpdate(from: Connection, update: Uint8Array): UpdateOutcome {
    if (!checkUpdateV1(update).ok) return 'malformed';
    // The empty update (what a client with nothing new answers to sync step 1) changes nothing.
    if (update.length === 2 && update[0] === 0 && update[1] === 0) return 'applied';
    const doc = this.doc;
    this.capturing = true;
    try {
      Y.applyUpdate(doc, update, from);
    } catch {
      // The update passed the format check yet Yjs could not integrate it: the document may hold
      // part of it. Nothing of it is stored; the room is closed and reloaded from the store.
      this.broken = true;
      return 'broke-document';
    } finally {
      this.capturing = false;
    }
    const effective = this.captured;
    if (effective.length === 0) return 'applied';
    this.captured = [];
    this.fullStateFrame = null;
    this.stateVectorFrame = null;
    // Counted before any is enqueued: a store that commits inline reports the first one stored
    // before the next is enqueued, and replies waiting for "everything applied is stored" must
    // still wait for the rest.
    this.unstored += effective.length;
    for (const change of effective) {
      this.writer.enqueue({ allianceId: this.allianceId, update: change }, (seq) => {
        this.unstored -= 1;
        this.storedSeq = Math.max(this.storedSeq, seq);
        this.updatesSinceCompaction += 1;
        let frame: PreparedFrame | null = null;
        for (const socket of this.sockets) {
          if (socket === from || socket.state !== 'open') continue;
          // Framed for the first recipient: a lone editor's updates are stored, never framed.
          frame ??= prepareFrame(encodeSyncFrame(SYNC_STEPS.update, change));
          socket.sendPrepared(frame);
        }
        if (this.unstored === 0) {
          for (const reply of this.afterStored.splice(0)) reply();
        }
        this.onStored(this);
      });
    }
    return 'applied';
  }

  /** Runs `reply` once every update applied so far is stored (now, when nothing is pending). */
  whenStored(reply: () => void): void {
    if (this.unstored === 0) reply();
    else this.afterStored.push(reply);
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
    if (receipt.ok && receipt.accepted.length > 0) this.relayPresence(receipt.accepted);
    return receipt;
  }

  /** Everyone's presence, for a socket that joined or asked (query-awareness). */
  sendPresence(to: Connection): void {
    const states = this.presence.states();
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
    const removed = this.presence.leave(socket);
    if (removed.length > 0) this.relayPresence(removed);
  }

  destroy(): void {
    this.loadedDoc?.destroy();
    this.loadedDoc = null;
    this.stored = null;
    this.storedStateVector = null;
    this.fullStateFrame = null;
    this.stateVectorFrame = null;
  }

  private relayPresence(entries: readonly PresenceEntry[]): void {
    if (this.sockets.size === 0) return;
    const frame = prepareFrame(encodeAwarenessFrame(encodePresenceUpdate(entries)));
    // Everyone, the sender included: a lone client hears its own renewals and stays connected.
    for (const socket of this.sockets) {
      if (socket.state !== 'open') continue;
      socket.sendPrepared(frame);
      this.presence.relayedTo(socket);
    }
  }
}
