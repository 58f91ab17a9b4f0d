/**
 * The writes of each local transaction, as places and changes, read with Yjs's public event API. The app uses it to
 * check its own writes against the table before they leave (and to list what this device changed, offline); the
 * tests use it to prove the honest app never writes what the relay would refuse. The relay resolves remote updates
 * itself, from their structs and delete sets.
 */
import * as Y from 'yjs';
import { CHARTER_ROOT_NAME, LOG_ROOT_NAMES, MAP_ROOT_NAMES } from '../schema.ts';
import { placeOf, type PathStep, type Place } from './places.ts';
import type { Change } from './rules.ts';

export interface Write {
  path: PathStep[];
  place: Place;
  change: Change;
}


const plain = (value: unknown): unknown => (value instanceof Y.AbstractType ? value.toJSON() : value);

/** Calls `onWrites` after each transaction with what it wrote; returns the function that stops listening. */
export function observeWrites(doc: Y.Doc, onWrites: (writes: Write[], transaction: Y.Transaction) => void): () => void {
  type Deep = Pick<Y.Map<unknown>, 'observeDeep' | 'unobserveDeep'>;
  const roots: [string, Deep][] = [
    ...MAP_ROOT_NAMES.map((name): [string, Deep] => [name, doc.getMap(name)]),
    ...LOG_ROOT_NAMES.map((name): [string, Deep] => [name, doc.getArray(name)]),
    [CHARTER_ROOT_NAME, doc.getXmlFragment(CHARTER_ROOT_NAME)],
  ];
  const stops = roots.map(([name, root]) => {
    const listener: Parameters<Deep['observeDeep']>[0] = (events, transaction) => {
      const writes: Write[] = [];
      for (const event of events) {
        const base: PathStep[] = [name, ...event.path];
        if (event.target instanceof Y.Map) {
          for (const [key, { action }] of event.changes.keys) {
            const path = [...base, key];
            const op = action === 'add' ? 'insert' : action === 'update' ? 'update' : 'delete';
            const change: Change = op === 'delete' ? { op } : { op, value: plain(event.target.get(key)) };
            writes.push({ path, place: placeOf(path), change });
          }
        } else if (event.target instanceof Y.Array) {
          let index = 0;
          for (const d of event.changes.delta) {
            if (d.retain !== undefined) index += d.retain;
            else if (Array.isArray(d.insert)) {
              for (const value of d.insert) {
                const path = [...base, index];
                writes.push({ path, place: placeOf(path), change: { op: 'insert', value: plain(value) } });
                index += 1;
              }
            } else if (d.delete !== undefined) {
              const path = [...base, index];
              writes.push({ path, place: placeOf(path), change: { op: 'delete' } });
            }
          }
        } else {
          writes.push({ path: base, place: placeOf(base), change: { op: 'update' } });
        }
      }
      if (writes.length > 0) onWrites(writes, transaction);
    };
    root.observeDeep(listener);
    return () => root.unobserveDeep(listener);
  });
  return () => stops.forEach((stop) => stop());
}
