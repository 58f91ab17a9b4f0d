import type { Connection } from './connection.ts';
import type { UpdateOutline } from './updateFormat.ts';

/** An update that cannot be integrated yet, held (not applied, stored or relayed) until it can. */
export interface HeldUpdate {
  from: Connection;
  update: Uint8Array;
  outline: UpdateOutline;
  /** It is tried again only once the document holds this clock of this client. */
  waitsFor: number;
  clock: number;
}

/** Held updates are small edits racing their predecessor; a large one that is not ready is refused. */
export const MAX_HELD_STRUCTS = 1_000;
