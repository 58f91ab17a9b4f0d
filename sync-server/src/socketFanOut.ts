import * as Y from 'yjs';
import { SYNC_STEPS } from '@trellis/shared';
import type { Connection } from './connection.ts';
import { mergePresenceUpdates } from './presence.ts';
import { encodeAwarenessFrame, encodeSyncFrame } from './syncFrame.ts';

/**
 * The most bytes of updates merged into one message: a relayed message stays about as large as the
 * updates it carries, so a socket's backlog limit (twice its largest message) is not raised by merging.
 */
export const MERGE_LIMIT_BYTES = 64 * 1024;

/** An update to relay, and the socket it came from (it is not sent back there); null from another relay. */
interface Outgoing {
  update: Uint8Array;
  from: Connection | null;
}

/**
 * Delivers a room's stored updates and presence changes to its sockets, once per event-loop turn:
 * the turn's updates merged into one sync update and its presence changes into one awareness
 * update, each encoded once and sent to each socket through ws's public `send`. ws frames every
 * send anew (its framing is not public API), so a busy room pays that per socket once a turn rather
 * than once an update. What is handed in here is already stored; a client's own replies (sync step 2)
 * go straight to it and at worst repeat an update it gets again here, which Yjs ignores.
 */
export class SocketFanOut {
  private updates: Outgoing[] = [];
  private presence: Uint8Array[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly sockets: ReadonlySet<Connection>,
    /** A presence change reached this socket (a stock client answers it with an echo). */
    private readonly presenceSent: (to: Connection) => void = () => {},
  ) {}

  /** A stored update, for every open socket but its writer's. */
  update(update: Uint8Array, from: Connection | null): void {
    this.updates.push({ update, from });
    this.schedule();
  }

  /** A presence change (an encoded awareness update), for every open socket, its sender's too. */
  presenceChange(encoded: Uint8Array): void {
    this.presence.push(encoded);
    this.schedule();
  }

  /** Nothing pending is sent. */
  close(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.updates = [];
    this.presence = [];
  }

  private schedule(): void {
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Sends the turn's updates, then its presence, as one message each per socket. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    const updates = this.updates;
    const presence = this.presence;
    this.updates = [];
    this.presence = [];
    // The common turn (one update: a writer typing) is framed as it is, with nothing to merge or group.
    if (updates.length === 1) this.sendOne(updates[0]!);
    else if (updates.length > 1) for (const batch of inBatches(updates)) this.sendUpdates(batch);
    if (presence.length > 0) this.sendPresence(presence);
  }

  private sendOne({ update, from }: Outgoing): void {
    const message = encodeSyncFrame(SYNC_STEPS.update, update);
    for (const socket of this.sockets) {
      if (socket !== from && socket.state === 'open') socket.send(message);
    }
  }

  private sendUpdates(updates: Outgoing[]): void {
    const writers = new Set(updates.map((outgoing) => outgoing.from));
    // One message for the sockets that wrote none of these, one per socket that wrote some.
    let forOthers: Buffer | undefined;
    for (const socket of this.sockets) {
      if (socket.state !== 'open') continue;
      if (!writers.has(socket)) {
        forOthers ??= encodeSyncFrame(SYNC_STEPS.update, merged(updates));
        socket.send(forOthers);
        continue;
      }
      const others = updates.filter((outgoing) => outgoing.from !== socket);
      if (others.length > 0) socket.send(encodeSyncFrame(SYNC_STEPS.update, merged(others)));
    }
  }

  private sendPresence(changes: Uint8Array[]): void {
    let message: Buffer | null = null;
    for (const socket of this.sockets) {
      if (socket.state !== 'open') continue;
      message ??= encodeAwarenessFrame(changes.length === 1 ? changes[0]! : mergePresenceUpdates(changes));
      socket.send(message);
      this.presenceSent(socket);
    }
  }
}

/** The turn's updates in order, in runs of at most `MERGE_LIMIT_BYTES` (a larger update alone). */
function inBatches(updates: Outgoing[]): Outgoing[][] {
  const batches: Outgoing[][] = [];
  let bytes = Infinity;
  for (const outgoing of updates) {
    if (bytes + outgoing.update.byteLength > MERGE_LIMIT_BYTES) {
      batches.push([]);
      bytes = 0;
    }
    batches.at(-1)!.push(outgoing);
    bytes += outgoing.update.byteLength;
  }
  return batches;
}

/** The updates as one (at least one is given). */
function merged(updates: Outgoing[]): Uint8Array {
  return updates.length === 1 ? updates[0]!.update : Y.mergeUpdates(updates.map((outgoing) => outgoing.update));
}
