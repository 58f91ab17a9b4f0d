import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IN_SEQUENCE, PlaceResolver, type RootKinds } from '../../sync-server/src/updatePlaces.ts';
import { readUpdateOutline } from '../../sync-server/src/updateFormat.ts';
import { updateReadiness } from '../../sync-server/src/updateReadiness.ts';
import { mutate, seededRandom } from './mutations.ts';

/**
 * PLACE-13: the place resolver never misses a change. Honest updates from devices at different
 * states (so parents are implied by neighbours written by others), merged updates, and mutations of
 * them, are resolved and then applied to the relay's document; every place Yjs itself reports
 * changed (its deep events, computed by Yjs, not by the resolver) must be among the resolved
 * places. A place the resolver missed is one the authority check would never see.
 */
const EXTENSIVE = process.env.TRELLIS_EXTENSIVE === '1';
const CASES = EXTENSIVE ? 100_000 : 10_000;
const WORLD_ROUNDS = 400;
const SEED = Number(process.env.TRELLIS_SEED ?? 20261128);

const ROOTS: RootKinds = { meta: 'map', partners: 'map', decisions: 'map', trust: 'array', charter: 'xml' };

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

/** One honest edit on a device's copy; the device's updates are what it would send. */
function edit(doc: Y.Doc, next: () => number): void {
  const decisions = doc.getMap<Y.Map<unknown>>('decisions');
  const ids = [...decisions.keys()];
  // A mutated update the relay accepted may have put another type at a record's key.
  const picked = ids.length > 0 ? decisions.get(pick(next, ids)) : undefined;
  const record = picked instanceof Y.Map ? picked : undefined;
  const charter = doc.getXmlFragment('charter');
  const trust = doc.getArray<unknown>('trust');
  switch (Math.floor(next() * 10)) {
    case 0: {
      const created = new Y.Map<unknown>();
      decisions.set(`d${Math.floor(next() * 8)}`, created);
      created.set('title', 'Open the Lyon depot');
      created.set('votes', new Y.Map());
      break;
    }
    case 1: {
      const votes = record?.get('votes');
      if (votes instanceof Y.Map) votes.set(`P${Math.floor(next() * 3)}`, { choice: pick(next, ['yes', 'no', 'veto']) });
      break;
    }
    case 2:
      record?.set(pick(next, ['title', 'outcome', 'status']), pick(next, ['passed', 'open', null, 'x']));
      break;
    case 3:
      if (ids.length > 0) decisions.delete(pick(next, ids));
      break;
    case 4:
      trust.push([{ id: `t${Math.floor(next() * 1e6)}`, by: 'P1', points: 1 }]);
      break;
    case 5:
      if (trust.length > 0) trust.delete(Math.floor(next() * trust.length), 1);
      break;
    case 6: {
      const paragraph = new Y.XmlElement('paragraph');
      charter.insert(Math.floor(next() * (charter.length + 1)), [paragraph]);
      paragraph.insert(0, [new Y.XmlText('Decisions by consensus. ')]);
      break;
    }
    case 7: {
      const first = charter.length > 0 ? charter.get(Math.floor(next() * charter.length)) : null;
      const text = first instanceof Y.XmlElement ? first.get(0) : null;
      if (text instanceof Y.XmlText && text.length > 0) text.delete(Math.floor(next() * text.length), 1);
      break;
    }
    case 8:
      doc.getMap('partners').set(`P${Math.floor(next() * 3)}`, new Y.Map());
      break;
    default:
      doc.getMap('meta').set(pick(next, ['name', 'purpose']), pick(next, ['Lyon', 'Grow together']));
  }
}

/** Every place Yjs reports changed by one update: root, then keys (a position inside a sequence is IN_SEQUENCE). */
function observedPlaces(relay: Y.Doc, apply: () => void): Set<string> {
  const places = new Set<string>();
  const handlers: Array<() => void> = [];
  for (const name of Object.keys(ROOTS)) {
    const root = relay.share.get(name)!;
    const handler = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      for (const event of events) {
        const path = [name, ...event.path.map((segment) => (typeof segment === 'number' ? IN_SEQUENCE : segment))];
        if (name === 'charter') {
          places.add('charter');
          continue;
        }
        // Any type has keys and a sequence (a forged update may write a key into an XML fragment, or a
        // position into a map): what Yjs reports changed in each is asked of the resolver.
        for (const key of event.changes.keys.keys()) places.add([...path, key].join('/'));
        if (event.changes.delta.length > 0) places.add([...path, IN_SEQUENCE].join('/'));
      }
    };
    root.observeDeep(handler);
    handlers.push(() => root.unobserveDeep(handler));
  }
  try {
    apply();
  } finally {
    for (const off of handlers) off();
  }
  return places;
}

describe('updatePlaces against Yjs itself', () => {
  it(`PLACE-13 no visible change escapes the resolver (${CASES} honest, merged and mutated updates)`, () => {
    const next = seededRandom(SEED);
    let relay = new Y.Doc();
    let resolver = new PlaceResolver(relay, ROOTS);
    let devices: Y.Doc[] = [];
    const sent: Uint8Array[] = [];
    const accepted: Uint8Array[] = [];
    let checked = 0;
    let checkedVariants = 0;
    for (let round = 0; round < CASES; round++) {
      // A new alliance every few hundred cases: small documents keep the cases fast.
      if (round % WORLD_ROUNDS === 0) {
        relay = new Y.Doc();
        resolver = new PlaceResolver(relay, ROOTS);
        devices = [1, 2, 3].map((client) => {
          const doc = new Y.Doc();
          doc.clientID = client;
          return doc;
        });
        accepted.length = 0;
      }
      const device = pick(next, devices);
      // Devices catch up only sometimes: their edits are then concurrent with others'.
      if (next() < 0.5) Y.applyUpdate(device, Y.encodeStateAsUpdate(relay, Y.encodeStateVector(device)));
      const before = Y.encodeStateVector(device);
      edit(device, next);
      const honest = Y.encodeStateAsUpdate(device, before);
      sent.push(honest);
      if (sent.length > 50) sent.shift();
      let variant = honest;
      if (next() < 0.1) variant = Y.mergeUpdates([pick(next, sent), variant]);
      if (next() < 0.3) variant = mutate(variant, pick(next, sent), next);
      // The variant first, then the honest update (a device sends its edit again after a refusal).
      for (const update of variant === honest ? [honest] : [variant, honest]) {
        const read = readUpdateOutline(update);
        if (!read.ok) continue;
        if (!updateReadiness(read.outline, (client) => Y.getState(relay.store, client)).ready) continue;
        const resolved = resolver.resolve(update);
        if (!resolved.ok) continue;
        const resolvedPlaces = new Set(resolved.changes.map((change) => (change.path[0] === 'charter' ? 'charter' : change.path.join('/'))));
        let observed: Set<string>;
        try {
          observed = observedPlaces(relay, () => Y.applyUpdate(relay, update));
        } catch {
          // Yjs threw: the room rebuilds its document (APPLY-5); so does this test.
          relay = new Y.Doc();
          relay.transact(() => accepted.forEach((earlier) => Y.applyUpdate(relay, earlier)));
          resolver = new PlaceResolver(relay, ROOTS);
          continue;
        }
        accepted.push(update);
        checked++;
        if (update !== honest) checkedVariants++;
        const missed = [...observed].filter((place) => !resolvedPlaces.has(place));
        expect(missed, `case ${round} (seed ${SEED})`).toEqual([]);
      }
    }
    // Most cases reach the check (a mutation is often refused earlier, as it should be).
    expect(checked).toBeGreaterThan(CASES / 2);
    expect(checkedVariants).toBeGreaterThan(CASES / 50);
  });
});
