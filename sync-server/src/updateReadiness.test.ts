import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readUpdateOutline, type UpdateOutline } from './updateFormat.ts';
import { updateReadiness } from './updateReadiness.ts';

function outline(update: Uint8Array): UpdateOutline {
  const read = readUpdateOutline(update);
  if (!read.ok) throw new Error(read.reason);
  return read.outline;
}

function readinessIn(doc: Y.Doc, update: Uint8Array) {
  return updateReadiness(outline(update), (client) => Y.getState(doc.store, client));
}

/** Two writers: B's edits build on A's. */
function twoWriters() {
  const a = new Y.Doc();
  a.clientID = 1;
  const aUpdates: Uint8Array[] = [];
  a.on('update', (update: Uint8Array) => aUpdates.push(update));
  a.getText('t').insert(0, 'abc');
  a.getText('t').insert(3, 'def');
  const b = new Y.Doc();
  b.clientID = 2;
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const bUpdates: Uint8Array[] = [];
  b.on('update', (update: Uint8Array) => bUpdates.push(update));
  b.getText('t').insert(4, 'X');
  b.getText('t').delete(0, 2);
  return { aUpdates, bUpdates };
}

describe('updateReadiness', () => {
  it('READY-1 an update is ready once everything it builds on is in the document, and Yjs then keeps nothing pending', () => {
    const { aUpdates, bUpdates } = twoWriters();
    const relay = new Y.Doc();
    // B's insertion needs A's second update; its deletion needs A's first.
    // It waits for A's clock 3, the "d" it was typed after.
    expect(readinessIn(relay, bUpdates[0]!)).toEqual({ ready: false, waitsFor: 1, clock: 3 });
    Y.applyUpdate(relay, aUpdates[0]!);
    expect(readinessIn(relay, bUpdates[0]!)).toEqual({ ready: false, waitsFor: 1, clock: 3 });
    expect(readinessIn(relay, bUpdates[1]!)).toEqual({ ready: true });
    Y.applyUpdate(relay, aUpdates[1]!);
    expect(readinessIn(relay, bUpdates[0]!)).toEqual({ ready: true });
    for (const update of bUpdates) Y.applyUpdate(relay, update);
    expect(relay.getText('t').toString()).toBe('cdXef');
    // Nothing pending: the relay's state is exactly that of all the updates together.
    expect(Y.encodeStateVector(relay)).toEqual(Y.encodeStateVectorFromUpdate(Y.mergeUpdates([...aUpdates, ...bUpdates])));
  });

  it('READY-2 a gap in a client\'s clocks, a skipped range, or a deletion of clocks the document lacks waits', () => {
    const { aUpdates } = twoWriters();
    const relay = new Y.Doc();
    // A's second update alone starts at clock 3: a gap.
    expect(readinessIn(relay, aUpdates[1]!)).toEqual({ ready: false, waitsFor: 1, clock: 2 });
    // Merged without the first, it carries a Skip over clocks 0..2.
    const merged = Y.mergeUpdates([aUpdates[1]!]);
    expect(readinessIn(relay, merged).ready).toBe(false);
    // A deletion of A's clocks, before A's structs arrive.
    const deletion = Uint8Array.of(0, 1, 1, 1, 0, 2);
    expect(readinessIn(relay, deletion)).toEqual({ ready: false, waitsFor: 1, clock: 1 });
    Y.applyUpdate(relay, aUpdates[0]!);
    expect(readinessIn(relay, deletion)).toEqual({ ready: true });
  });

  it('READY-3 structs that need each other, and nothing else, are never ready', () => {
    // Client 5's item has its origin in client 6's, and client 6's in client 5's.
    const root = [1, 1, 0x61];
    const cyclic = Uint8Array.of(2, 1, 5, 0, 0x84, 6, 0, 1, 0x78, 1, 6, 0, 0x84, 5, 0, 1, 0x79, 0);
    expect(readinessIn(new Y.Doc(), cyclic).ready).toBe(false);
    // Either alone, rooted, is ready.
    expect(readinessIn(new Y.Doc(), Uint8Array.of(1, 1, 5, 0, 0x04, ...root, 1, 0x78, 0))).toEqual({ ready: true });
  });

  it('READY-4 whatever the document already holds is ready: a sync step 2 repeating known structs changes nothing', () => {
    const { aUpdates } = twoWriters();
    const relay = new Y.Doc();
    for (const update of aUpdates) Y.applyUpdate(relay, update);
    expect(readinessIn(relay, Y.encodeStateAsUpdate(relay))).toEqual({ ready: true });
    expect(readinessIn(relay, aUpdates[0]!)).toEqual({ ready: true });
  });
});
