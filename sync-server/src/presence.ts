import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { jsonNestsWithin } from './jsonDepth.ts';
import { readUint } from './wireDecoding.ts';

/**
 * Awareness (presence) updates: `count, (clientId, clock, varString(stateJson))*`. The relay reads
 * them in two steps: first the frame's shape, leaving every state as bytes (most entries a stock
 * client sends are echoes of other clients' states, dropped unread), then only the states it keeps.
 */
export interface PresenceEntry {
  clientId: number;
  clock: number;
  /** The state as JSON text, already proven to parse; `null` removes the client. */
  stateJson: string;
}

/** An entry whose state is still the bytes it arrived as. */
export interface PresenceEntryBytes {
  clientId: number;
  clock: number;
  state: Uint8Array;
}

export interface PresenceBounds {
  /** Entries in one update; a larger count is refused before any entry is read. */
  maxEntries: number;
  /** UTF-8 bytes of one state, refused from its length prefix before its bytes are read. */
  maxStateBytes: number;
}

export type PresenceDecoding = { ok: true; entries: PresenceEntryBytes[] } | { ok: false; reason: string };

/** The shape of an update, within `bounds`; the states stay unread. Never throws. */
export function decodePresenceUpdate(update: Uint8Array, bounds: PresenceBounds): PresenceDecoding {
  const decoder = decoding.createDecoder(update);
  try {
    // Bounded readers (NUMBERS): lib0's would read a NaN count, which no comparison refuses.
    const count = readUint(decoder);
    if (count > bounds.maxEntries) return { ok: false, reason: `more than ${bounds.maxEntries} entries` };
    // Each entry takes at least three bytes.
    if (count * 3 > update.length - decoder.pos) return { ok: false, reason: 'count larger than the bytes left' };
    const entries: PresenceEntryBytes[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = readUint(decoder);
      const clock = readUint(decoder);
      const length = readUint(decoder);
      if (length > bounds.maxStateBytes) return { ok: false, reason: `a state over ${bounds.maxStateBytes} bytes` };
      if (length > update.length - decoder.pos) return { ok: false, reason: 'a state longer than the bytes left' };
      entries.push({ clientId, clock, state: decoding.readUint8Array(decoder, length) });
    }
    if (decoder.pos !== update.length) return { ok: false, reason: 'bytes after the awareness update' };
    return { ok: true, entries };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'undecodable' };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type PresenceStateReading = { ok: true; json: string | null } | { ok: false; reason: string };

/**
 * One state the relay keeps: nested at most `maxDepth` deep (counted before it is parsed), UTF-8,
 * JSON, and an object or null. Its text is kept as sent (`null` for null): the relay never
 * re-serializes it. Never throws.
 */
export function readPresenceState(state: Uint8Array, maxDepth: number): PresenceStateReading {
  if (!jsonNestsWithin(state, maxDepth)) return { ok: false, reason: `a state nested over ${maxDepth} deep` };
  let json: string;
  let value: unknown;
  try {
    json = utf8.decode(state);
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'a state that is not JSON' };
  }
  if (typeof value !== 'object') return { ok: false, reason: 'awareness state is not an object or null' };
  return { ok: true, json: value === null ? null : json };
}

export function encodePresenceUpdate(entries: readonly PresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.stateJson);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Awareness updates the relay encoded itself, as one: for each client its last entry (a later
 * change of the same client has a higher clock and replaces the earlier one for every recipient).
 */
export function mergePresenceUpdates(updates: readonly Uint8Array[]): Uint8Array {
  const latest = new Map<number, { clock: number; state: Uint8Array }>();
  for (const update of updates) {
    const decoder = decoding.createDecoder(update);
    for (let count = decoding.readVarUint(decoder); count > 0; count--) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      // Reinserted, so that the merged order is the order of the last changes.
      latest.delete(clientId);
      latest.set(clientId, { clock, state: decoding.readVarUint8Array(decoder) });
    }
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, latest.size);
  for (const [clientId, { clock, state }] of latest) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarUint8Array(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}
