import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { relayLimits } from './limits.ts';
import { RelayMetrics } from './metrics.ts';
import { DamagedAlliance } from './room.ts';
import { Rooms } from './rooms.ts';
import { createMemoryStore } from './store/memoryStore.ts';
import { UpdateWriter } from './updateWriter.ts';

const ALLIANCE = 'AAAAAAAAAAAAAAAAAAAAAA';

function edit(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  let update: Uint8Array = new Uint8Array();
  const capture = (u: Uint8Array) => (update = u);
  doc.on('update', capture);
  change(doc);
  doc.off('update', capture);
  return update;
}

/** The relay's rooms over a memory store, wired as the relay wires them, and a document for an author to write in. */
function relayRooms() {
  const store = createMemoryStore();
  const metrics = new RelayMetrics();
  const log = () => {};
  const writer = new UpdateWriter(store, metrics, log);
  return { store, metrics, rooms: new Rooms(store, writer, metrics, log, relayLimits()), author: new Y.Doc() };
}

describe('Rooms', () => {
  it('APPLY-2 a room whose document Yjs broke is not compacted; rebuilt, it holds the store\'s copy and what was on its way there', async () => {
    const { store, rooms, author } = relayRooms();
    const a = edit(author, (doc) => doc.getText('charter').insert(0, 'A'));
    await store.appendUpdates([{ allianceId: ALLIANCE, update: a }]);
    const acquired = rooms.acquire(ALLIANCE);
    const room = acquired instanceof Promise ? await acquired : acquired;
    room.updatesSinceCompaction = 1;

    // What integrate() does when Yjs throws: the document is not trusted until it is rebuilt.
    room.rebuilding = true;
    expect(await rooms.compact(room)).toBe(false);

    // Meanwhile B reached the store, and C was applied but is still on its way there.
    const b = edit(author, (doc) => doc.getText('charter').insert(1, 'B'));
    const c = edit(author, (doc) => doc.getText('charter').insert(2, 'C'));
    await store.appendUpdates([{ allianceId: ALLIANCE, update: b }]);
    room.rebuild(await store.loadDocument(ALLIANCE), [c, b]);
    expect(room.rebuilding).toBe(false);
    expect(room.doc.getText('charter').toString()).toBe('ABC');

    // Now it compacts, and what it wrote reads back as the rebuilt document.
    expect(await rooms.compact(room)).toBe(true);
    const stored = await store.loadDocument(ALLIANCE);
    const readBack = new Y.Doc();
    for (const update of stored.updates) Y.applyUpdate(readBack, update);
    expect(readBack.getText('charter').toString()).toBe('ABC');
  });

  it('QUARANTINE-1 a snapshot this relay wrote is read in full again once its bytes in the store change, and refused if they do not decode', async () => {
    const { store, metrics, rooms, author } = relayRooms();
    const a = edit(author, (doc) => doc.getText('charter').insert(0, 'A'));
    const b = edit(author, (doc) => doc.getText('charter').insert(1, 'B'));
    await store.appendUpdates([{ allianceId: ALLIANCE, update: a }, { allianceId: ALLIANCE, update: b }]);
    const load = async () => {
      const acquired = rooms.acquire(ALLIANCE);
      return acquired instanceof Promise ? await acquired : acquired;
    };
    const unload = async (room: Awaited<ReturnType<typeof load>>) => {
      rooms.released(room);
      while (metrics.rooms > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    };

    // Unloading compacts: the snapshot is read strictly and back as the document, then written.
    await unload(await load());
    const stored = await store.loadDocument(ALLIANCE);
    expect(stored.updates).toHaveLength(1);
    // The same bytes load again (and are not read a second time).
    const again = await load();
    expect(again.doc.getText('charter').toString()).toBe('AB');
    await unload(again);

    // The store's copy changes behind the relay: a byte after the end, which Yjs would ignore.
    const [snapshot] = (await store.loadDocument(ALLIANCE)).updates;
    await store.compact(ALLIANCE, Uint8Array.of(...snapshot!, 0), Y.encodeStateVectorFromUpdate(snapshot!), stored.throughSeq);
    await expect(load()).rejects.toThrow(DamagedAlliance);
    expect(metrics.quarantined).toBe(1);
  });
});
