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

  it('READY-5 a chain of dependencies running against the order of the clients resolves (each section parked and woken), and one missing link leaves it waiting', () => {
    // Struct k needs struct k - 1; struct k lives in client n - (k % n), so every step crosses clients.
    const n = 40;
    const perClient = 5;
    const build = (skipFirst: boolean) => {
      const bytes: number[] = [n];
      for (let j = 0; j < n; j++) {
        bytes.push(perClient, j + 1, 0);
        for (let c = 0; c < perClient; c++) {
          const k = c * n + (n - 1 - j);
          if (k === 0 && !skipFirst) bytes.push(8, 1, 1, 0x6c); // under root "l"
          else if (k === 0) bytes.push(0x88, 99, 0); // needs client 99, which nobody sent
          else bytes.push(0x88, n - ((k - 1) % n), Math.floor((k - 1) / n));
          bytes.push(1, 126); // one null
        }
      }
      bytes.push(0);
      return Uint8Array.from(bytes);
    };
    const doc = new Y.Doc();
    expect(readinessIn(doc, build(false))).toEqual({ ready: true });
    Y.applyUpdate(doc, build(false));
    expect(doc.getArray('l').length).toBe(n * perClient);
    expect(readinessIn(new Y.Doc(), build(true)).ready).toBe(false);
  });

  it('READY-6 a struct the document already holds must still name only what the document holds (Yjs would keep it pending)', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Uint8Array.of(1, 2, 1, 0, 0x04, 1, 1, 0x61, 1, 0x78, 0x04, 1, 1, 0x61, 1, 0x79, 0));
    expect(Y.getState(doc.store, 1)).toBe(2);
    // Client 1's clock 0 again, now claiming an origin in client 1000 that nobody sent.
    expect(readinessIn(doc, Uint8Array.of(1, 1, 1, 0, 0x84, 0xe8, 0x07, 5, 1, 0x61, 0))).toEqual({ ready: false, waitsFor: 1000, clock: 5 });
  });
});
