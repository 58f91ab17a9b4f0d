import * as Y from 'yjs';
import type { UpdateOutline } from './updateFormat.ts';

/**
 * A struct that starts inside what the document holds continues from the document's last struct
 * of its client; Yjs reads that one as an item and throws (or worse) when it is garbage-collected.
 * An honest client never sends one: what it sends starts at the relay's state vector.
 */
export function overlapAfterGarbage(outline: UpdateOutline, doc: Y.Doc): string | null {
  for (const { client, structs } of outline.clients) {
    const state = Y.getState(doc.store, client);
    for (const struct of structs) {
      if (struct.kind !== 'item' || struct.clock >= state || struct.clock + struct.length <= state) continue;
      if (Y.getItem(doc.store, Y.createID(client, state - 1)) instanceof Y.GC) {
        return 'a struct overlaps the end of a collected range';
      }
    }
  }
  return null;
}

/** A document from stored updates, in one transaction. */
export function buildDocument(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
  } catch (error) {
    doc.destroy();
    throw error;
  }
  return doc;
}
