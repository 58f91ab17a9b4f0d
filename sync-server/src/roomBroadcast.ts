import type { Connection } from './connection.ts';
import type { PresenceEntry } from './presence.ts';
import type { SeqWatermark } from './seqWatermark.ts';
import { SocketFanOut } from './socketFanOut.ts';
import type { StoredDocument } from './store/allianceStore.ts';

/**
 * Where a room's relayed messages go. A room hands over only what it has stored (an update, with
 * the store's per-alliance sequence number) or accepted (a presence change); the broadcast delivers
 * it to the room's own sockets and, in a cluster, to the other relays holding the room, and delivers
 * what those relays publish. Two calls and a close, so that one relay (`localBroadcast`) and a cluster
 * (a pub/sub channel per room) are the same to the room, and a cluster adds no path to the sockets
 * of its own: both deliver through `SocketFanOut`.
 */
export interface RoomBroadcast {
  /** An update stored as `seq` of the alliance's log: to every socket but its writer's, and to the other relays. */
  update(update: Uint8Array, seq: number, from: Connection): void;
  /** A presence change (an encoded awareness update): to every socket, its sender's too, and to the other relays. */
  presence(encoded: Uint8Array): void;
  /** The room unloads: nothing more is sent, published or heard. */
  close(): void;
  /** Presence of people on other relays, for a socket that joins (a cluster keeps it; one relay has none). */
  presenceStates?(): PresenceEntry[];
}

/** The room as its broadcast sees it. */
export interface BroadcastRoom {
  readonly allianceId: string;
  readonly sockets: ReadonlySet<Connection>;
  /** A presence change reached this socket. */
  presenceSent(to: Connection): void;
  /**
   * An update another relay stored as `seq`: the room applies it to its document before its
   * sockets get it, so that what the room answers a joining client covers what its sockets were sent.
   */
  heardUpdate(update: Uint8Array, seq: number): boolean;
  /** The alliance's whole stored document, when a gap could not be read as updates (a compaction folded them). */
  heardDocument(stored: StoredDocument): void;
  /** The presence of this relay's sockets in the room (for another relay that opened it). */
  localPresence(): PresenceEntry[];
  /** The update numbers applied here (FANOUT-8). */
  readonly seqs: SeqWatermark;
  encodeStateVector(): Uint8Array;
}

/** Opens a room's broadcast when the room loads (closed when it unloads). */
export type OpenRoomBroadcast = (room: BroadcastRoom) => RoomBroadcast;

/**
 * Rooms' broadcasts with what a cluster needs before a room loads: `follow` starts hearing an
 * alliance before the room reads the store, so that nothing stored after that read is missed
 * (what is heard meanwhile waits for the room); `unfollow` when the load failed.
 */
export interface RoomChannels {
  follow(allianceId: string): Promise<void>;
  unfollow(allianceId: string): void;
  open: OpenRoomBroadcast;
}

/** One relay: nobody else holds the room, so nothing is published and nothing heard. */
export const localBroadcast: OpenRoomBroadcast = (room) => {
  const fanOut = new SocketFanOut(room.sockets, (to) => room.presenceSent(to));
  return {
    update: (update, _seq, from) => fanOut.update(update, from),
    presence: (encoded) => fanOut.presenceChange(encoded),
    close: () => fanOut.close(),
  };
};

/** One relay's channels: nothing to follow. */
export const localChannels: RoomChannels = {
  follow: () => Promise.resolve(),
  unfollow: () => {},
  open: localBroadcast,
};
