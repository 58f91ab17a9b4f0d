import * as decoding from 'lib0/decoding';
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

/**
 * Clients a state vector may name beyond those the alliance holds: a device's own edits not yet sent
 * (its tabs, its earlier sessions). Yjs decodes every entry into a map before it diffs, so without a
 * bound a view link's 16 MB state vector of made-up clients costs the relay about a second (SV-1).
 */
export const MAX_UNKNOWN_STATE_VECTOR_CLIENTS = 1_000;

/**
 * Whether a (well-formed) state vector names no more clients than the alliance holds (`heldClients`, asked only
 * when needed) plus `MAX_UNKNOWN_STATE_VECTOR_CLIENTS` (SV-1): its first varint is its entry count.
 */
export function namesPlausibleClients(stateVector: Uint8Array, heldClients: () => number): boolean {
  const named = decoding.readVarUint(decoding.createDecoder(stateVector));
  return named <= MAX_UNKNOWN_STATE_VECTOR_CLIENTS || named <= heldClients() + MAX_UNKNOWN_STATE_VECTOR_CLIENTS;
}
