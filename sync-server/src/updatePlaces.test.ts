import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { IN_SEQUENCE, PlaceResolver, type PlaceChange, type RootKinds } from './updatePlaces.ts';

const ROOTS: RootKinds = { decisions: 'map', trust: 'array', charter: 'xml' };

/** A writer whose every update the relay resolves, then applies, as the room does. */
function relayAndWriter(clientID = 7) {
  const relay = new Y.Doc();
  const resolver = new PlaceResolver(relay, ROOTS);
  const writer = new Y.Doc();
  writer.clientID = clientID;
  let last: PlaceChange[] = [];
  writer.on('update', (update: Uint8Array) => {
    const resolved = resolver.resolve(update);
    if (!resolved.ok) throw new Error(resolved.reason);
    last = resolved.changes;
    Y.applyUpdate(relay, update);
  });
  return { relay, resolver, writer, changes: () => last };
}

/**
 * The race of PLACE-7 and PLACE-12: a second writer copies decision d1 from the relay, the first writer removes it,
 * then the second writes inside its copy. Returns the update the second writer sends.
 */
function writeInRemovedDecision(relay: Y.Doc, writer: Y.Doc, write: (record: Y.Map<unknown>) => void): Uint8Array {
  const late = new Y.Doc();
  late.clientID = 2;
  Y.applyUpdate(late, Y.encodeStateAsUpdate(relay));
  writer.getMap('decisions').delete('d1');
  const before = Y.encodeStateVector(late);
  write(late.getMap('decisions').get('d1') as Y.Map<unknown>);
  return Y.encodeStateAsUpdate(late, before);
}

const paths = (changes: PlaceChange[]) => changes.map((change) => `${change.op} ${change.path.join('/')}`).sort();

describe('updatePlaces', () => {
  it('PLACE-1 a record created with nested types resolves every field to its path, parents given by ids of this update', () => {
    const { writer, changes } = relayAndWriter();
    writer.transact(() => {
      const record = new Y.Map<unknown>();
      writer.getMap('decisions').set('d1', record);
      record.set('title', 'Open the Lyon depot');
      const votes = new Y.Map<unknown>();
      record.set('votes', votes);
      votes.set('P1', { choice: 'yes' });
    });
    expect(paths(changes())).toEqual([
      'insert decisions/d1',
      'insert decisions/d1/title',
      'insert decisions/d1/votes',
      'insert decisions/d1/votes/P1',
    ]);
    const vote = changes().find((change) => change.path.join('/') === 'decisions/d1/votes/P1');
    expect(vote).toEqual({ op: 'insert', path: ['decisions', 'd1', 'votes', 'P1'], content: { kind: 'json', values: [{ choice: 'yes' }] }, deleted: false });
  });

  it('PLACE-2 a write into a type the document holds is resolved through the document, however deep', () => {
    const { writer, changes } = relayAndWriter();
    writer.transact(() => {
      const record = new Y.Map<unknown>();
      writer.getMap('decisions').set('d1', record);
      record.set('votes', new Y.Map());
    });
    const votes = (writer.getMap('decisions').get('d1') as Y.Map<unknown>).get('votes') as Y.Map<unknown>;
    votes.set('P2', { choice: 'no' });
    expect(paths(changes())).toEqual(['insert decisions/d1/votes/P2']);
  });

  it('PLACE-3 overwriting a key is an item whose parent is implied by the value it replaces, and a deletion of that value', () => {
    const { writer, changes } = relayAndWriter();
    writer.transact(() => {
      const record = new Y.Map<unknown>();
      writer.getMap('decisions').set('d1', record);
      record.set('outcome', null);
    });
    (writer.getMap('decisions').get('d1') as Y.Map<unknown>).set('outcome', 'passed');
    expect(changes()).toEqual([
      { op: 'insert', path: ['decisions', 'd1', 'outcome'], content: { kind: 'json', values: ['passed'] }, deleted: false },
      { op: 'delete', path: ['decisions', 'd1', 'outcome'], content: { kind: 'json', values: [null] } },
    ]);
  });

  it('PLACE-4 a deletion carried only by a delete set resolves to the record it removes', () => {
    const { writer, changes } = relayAndWriter();
    writer.getMap('decisions').set('d1', new Y.Map());
    writer.getMap('decisions').delete('d1');
    expect(paths(changes())).toEqual(['delete decisions/d1']);
  });

  it('PLACE-5 appending to a log and removing from it resolve to the log, with the entry that is added or removed', () => {
    const { writer, changes } = relayAndWriter();
    const entry = { id: 't1', by: 'P1', points: 2 };
    writer.getArray('trust').push([entry]);
    expect(changes()).toEqual([{ op: 'insert', path: ['trust', IN_SEQUENCE], content: { kind: 'json', values: [entry] }, deleted: false }]);
    writer.getArray('trust').push([{ id: 't2', by: 'P1', points: 1 }]);
    writer.getArray('trust').delete(0, 1);
    // The relay's document merged both entries into one item: only the first is removed.
    expect(changes()).toEqual([{ op: 'delete', path: ['trust', IN_SEQUENCE], content: { kind: 'json', values: [entry] } }]);
  });

  it('PLACE-6 typing in the charter resolves to the charter, through paragraphs and text the document holds', () => {
    const { writer, changes } = relayAndWriter();
    const paragraph = new Y.XmlElement('paragraph');
    writer.getXmlFragment('charter').insert(0, [paragraph]);
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    text.insert(0, 'Decisions');
    expect(paths(changes())).toEqual([`insert charter/${IN_SEQUENCE}/${IN_SEQUENCE}/${IN_SEQUENCE}`]);
    text.insert(9, ' by consensus');
    expect(changes().every((change) => change.path[0] === 'charter')).toBe(true);
    text.delete(0, 3);
    expect(paths(changes())).toEqual([`delete charter/${IN_SEQUENCE}/${IN_SEQUENCE}/${IN_SEQUENCE}`]);
  });

  it('PLACE-7 a write inside a record another writer removed changes nothing visible and resolves to nothing', () => {
    const { relay, resolver, writer } = relayAndWriter(1);
    writer.transact(() => {
      const record = new Y.Map<unknown>();
      writer.getMap('decisions').set('d1', record);
      record.set('title', 'x');
    });
    const update = writeInRemovedDecision(relay, writer, (record) => record.set('title', 'y'));
    const resolved = resolver.resolve(update);
    expect(resolved).toEqual({ ok: true, changes: [] });
    Y.applyUpdate(relay, update);
    expect(relay.getMap('decisions').has('d1')).toBe(false);
  });

  it('PLACE-12 a new key in a record another writer removed names the removed record as its parent, and resolves to nothing', () => {
    const { relay, resolver, writer } = relayAndWriter(1);
    writer.getMap('decisions').set('d1', new Y.Map());
    const update = writeInRemovedDecision(relay, writer, (record) => record.set('outcome', 'passed'));
    expect(resolver.resolve(update)).toEqual({ ok: true, changes: [] });
    Y.applyUpdate(relay, update);
    expect(relay.getMap('decisions').toJSON()).toEqual({});
  });

  it('PLACE-8 a write to a root the alliance does not declare resolves to that root, for the caller to refuse', () => {
    const { writer, changes } = relayAndWriter();
    writer.getMap('rogue').set('k', 1);
    expect(paths(changes())).toEqual(['insert rogue/k']);
  });

  it('PLACE-9 a second value for a key in the same update is placed by the first one, inside the update', () => {
    const { writer, changes } = relayAndWriter();
    writer.getMap('decisions').set('d1', new Y.Map());
    writer.transact(() => {
      const record = writer.getMap('decisions').get('d1') as Y.Map<unknown>;
      record.set('status', 'open');
      record.set('status', 'decided');
    });
    expect(paths(changes())).toEqual(['insert decisions/d1/status', 'insert decisions/d1/status']);
  });

  it('PLACE-10 bytes that are not an update are refused, not guessed at', () => {
    const resolver = new PlaceResolver(new Y.Doc(), ROOTS);
    expect(resolver.resolve(new Uint8Array([1, 1, 200, 200, 200]))).toMatchObject({ ok: false });
  });
});

/** One item, hand-encoded (v1): `parent` is another item's id, as a hostile writer may send. */
function itemUnderId(client: number, parent: Y.ID, key: string, value: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // clients
  encoding.writeVarUint(encoder, 1); // structs
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, 0); // clock
  encoding.writeUint8(encoder, 8 | 32); // ContentAny, with a parent key
  encoding.writeVarUint(encoder, 0); // the parent is an id, not a root's name
  encoding.writeVarUint(encoder, parent.client);
  encoding.writeVarUint(encoder, parent.clock);
  encoding.writeVarString(encoder, key);
  encoding.writeVarUint(encoder, 1);
  encoding.writeAny(encoder, value as encoding.AnyEncodable);
  encoding.writeVarUint(encoder, 0); // delete set: no clients
  return encoding.toUint8Array(encoder);
}

describe('updatePlaces against forged items', () => {
  it('PLACE-11 an explicit parent that is a stored value, not a type, is unresolvable and refused', () => {
    const { relay, resolver, writer } = relayAndWriter(1);
    writer.getMap('decisions').set('d1', 'not a type');
    const forged = itemUnderId(99, Y.createID(1, 0), 'title', 'x');
    expect(resolver.resolve(forged)).toMatchObject({ ok: false });
    // A parent that is a type resolves through it, whoever wrote the type.
    writer.getMap('decisions').set('d2', new Y.Map());
    const underType = itemUnderId(99, Y.createID(1, 1), 'title', 'x');
    expect(resolver.resolve(underType)).toEqual({
      ok: true,
      changes: [{ op: 'insert', path: ['decisions', 'd2', 'title'], content: { kind: 'json', values: ['x'] }, deleted: false }],
    });
    expect(relay.getMap('decisions').size).toBe(2);
  });
});
