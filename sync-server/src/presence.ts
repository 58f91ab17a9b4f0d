import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Awareness (presence) updates, decoded strictly so that the relay can see which client ids a
 * socket speaks for: `count, (clientId, clock, stateJson)*`.
 */
export interface PresenceEntry {
  clientId: number;
  clock: number;
  /** The state as JSON text, already proven to parse. */
  stateJson: string;
}

export type PresenceDecoding = { ok: true; entries: PresenceEntry[] } | { ok: false; reason: string };

/** Never throws. */
export function decodePresenceUpdate(update: Uint8Array): PresenceDecoding {
  const decoder = decoding.createDecoder(update);
  try {
    const count = decoding.readVarUint(decoder);
    // Each entry takes at least three bytes.
    if (count * 3 > update.length - decoder.pos) return { ok: false, reason: 'count larger than the bytes left' };
    const entries: PresenceEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const stateJson = decoding.readVarString(decoder);
      const state: unknown = JSON.parse(stateJson);
      if (typeof state !== 'object') return { ok: false, reason: 'awareness state is not an object or null' };
      entries.push({ clientId, clock, stateJson });
    }
    if (decoder.pos !== update.length) return { ok: false, reason: 'bytes after the awareness update' };
    return { ok: true, entries };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'undecodable' };
  }
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
