import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Connection } from './connection.ts';
import { relayLimits } from './limits.ts';
import { RelayMetrics } from './metrics.ts';
import { Room } from './room.ts';
import type { OpenRoomBroadcast } from './roomBroadcast.ts';
import type { AllianceStore } from './store/allianceStore.ts';
import { createMemoryStore } from './store/memoryStore.ts';
import { UpdateWriter } from './updateWriter.ts';

const ALLIANCE = 'AAAAAAAAAAAAAAAAAAAAAA';

/** A memory store whose appends complete only when the test lets them. */
function gatedStore(): { store: AllianceStore; release: () => void } {
  const inner = createMemoryStore();
  let open: () => void = () => {};
  let gate = new Promise<void>((resolve) => (open = resolve));
  const store: AllianceStore = Object.assign(Object.create(null) as AllianceStore, inner, {
    appendUpdatesNow: undefined,
    async appendUpdates(entries: Parameters<AllianceStore['appendUpdates']>[0]) {
      await gate;
      return inner.appendUpdates(entries);
    },
  });
  return {
    store,
    release: () => {
      open();
      gate = new Promise<void>((resolve) => (open = resolve));
    },
  };
}

/** A writer's socket, never opened: a room reads only who it is. */
function writerConnection(): Connection {
  const connection = new Connection({} as never, ALLIANCE, '127.0.0.1', relayLimits(), new RelayMetrics(), () => {});
  connection.state = 'open';
  connection.role = 'owner';
  return connection;
}

describe('a room and its broadcast', () => {
  it('FANOUT-1 hands an update to its broadcast only once the store holds it, with its sequence number', async () => {
    const { store, release } = gatedStore();
    const metrics = new RelayMetrics();
    const writer = new UpdateWriter(store, metrics, () => {});
    const handed: number[] = [];
    const recording: OpenRoomBroadcast = () => ({
      update: (_update, seq) => handed.push(seq),
      presence: () => {},
      close: () => {},
    });
    const room = new Room(ALLIANCE, { updates: [], throughSeq: 0, stateVector: null }, writer, { ...relayLimits(), checkAuthority: false }, () => {}, recording);
    const author = new Y.Doc();
    author.getText('charter').insert(0, 'a');
    const from = writerConnection();
    expect(room.applyClientUpdate(from, Y.encodeStateAsUpdate(author))).toEqual({ kind: 'applied' });

    await new Promise((resolve) => setImmediate(resolve));
    expect(handed).toEqual([]);
    release();
    await writer.whenIdle();
    const loaded = await store.loadDocument(ALLIANCE);
    expect(handed).toEqual([loaded.throughSeq]);
    expect(room.storedSeq).toBe(loaded.throughSeq);
  });

  it('FANOUT-6 an update another relay stored is in the room\'s document, loaded or not, and its sequence number is the room\'s', () => {
    const writer = new UpdateWriter(createMemoryStore(), new RelayMetrics(), () => {});
    const other = new Y.Doc();
    other.getText('charter').insert(0, 'from relay B');
    const heard = Y.encodeStateAsUpdate(other);
    for (const load of [false, true]) {
      const room = new Room(ALLIANCE, { updates: [], throughSeq: 3, stateVector: null }, writer, relayLimits(), () => {});
      if (load) void room.doc;
      expect(room.heardUpdate(heard, 4)).toBe(true);
      expect(room.heardUpdate(heard, 4)).toBe(false);
      expect(room.storedSeq).toBe(4);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, room.encodeState());
      expect(copy.getText('charter').toString()).toBe('from relay B');
      room.destroy();
    }
  });

  it('FANOUT-8 a room compacts only through the numbers it applied: its own update above another relay\'s unheard one waits', async () => {
    const store = createMemoryStore();
    const writer = new UpdateWriter(store, new RelayMetrics(), () => {});
    // Another relay stored seq 1; this room loaded before it and has not heard it yet.
    const other = new Y.Doc();
    other.getText('charter').insert(0, 'B');
    const [otherSeq] = await store.appendUpdates([{ allianceId: ALLIANCE, update: Y.encodeStateAsUpdate(other) }]);
    const room = new Room(ALLIANCE, { updates: [], throughSeq: 0, stateVector: null }, writer, { ...relayLimits(), checkAuthority: false }, () => {});
    const author = new Y.Doc();
    author.getText('charter').insert(0, 'A');
    expect(room.applyClientUpdate(writerConnection(), Y.encodeStateAsUpdate(author))).toEqual({ kind: 'applied' });
    await writer.whenIdle();
    expect(room.seqs.highest).toBe(2);
    expect(room.storedSeq).toBe(0);
    expect(room.seqs.hasGap).toBe(true);
    room.heardUpdate(Y.encodeStateAsUpdate(other), otherSeq!);
    expect(room.storedSeq).toBe(2);
    room.destroy();
  });
});
