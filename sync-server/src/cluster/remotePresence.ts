import { decodePresenceUpdate, readPresenceState, type PresenceEntry } from '../presence.ts';

/**
 * The presence of a room's people on other relays, as those relays published it: each client's last
 * state, kept until the client removes it or it goes unrenewed for `PRESENCE_KEPT_MS` (a stock client
 * renews every 15 s and drops a peer silent for 30 s; a relay killed with kill -9 never says who
 * left, so its clients' states age out the same way). A socket that joins gets them with the room's own.
 */
export const PRESENCE_KEPT_MS = 30_000;
/** Entries in one message from another relay: a turn's merged changes of a busy room. */
const MAX_ENTRIES_PER_MESSAGE = 10_000;

interface Kept {
  entry: PresenceEntry;
  heardAt: number;
}

export interface RemotePresenceBounds {
  maxStateBytes: number;
  maxDepth: number;
}

export class RemotePresence {
  private readonly clients = new Map<number, Kept>();

  constructor(
    private readonly bounds: RemotePresenceBounds,
    private readonly now: () => number = Date.now,
  ) {}

  /** An awareness update another relay published; false (and nothing kept) when it does not read as one. */
  heard(encoded: Uint8Array): boolean {
    const decoded = decodePresenceUpdate(encoded, { maxEntries: MAX_ENTRIES_PER_MESSAGE, maxStateBytes: this.bounds.maxStateBytes });
    if (!decoded.ok) return false;
    const entries: PresenceEntry[] = [];
    for (const { clientId, clock, state } of decoded.entries) {
      const read = readPresenceState(state, this.bounds.maxDepth);
      if (!read.ok) return false;
      entries.push({ clientId, clock, stateJson: read.json ?? 'null' });
    }
    const at = this.now();
    for (const entry of entries) {
      const kept = this.clients.get(entry.clientId);
      if (kept && kept.entry.clock > entry.clock) continue;
      if (entry.stateJson === 'null') this.clients.delete(entry.clientId);
      else this.clients.set(entry.clientId, { entry, heardAt: at });
    }
    return true;
  }

  /** Every state heard and not yet aged out. */
  states(): PresenceEntry[] {
    const oldest = this.now() - PRESENCE_KEPT_MS;
    const states: PresenceEntry[] = [];
    for (const [clientId, kept] of this.clients) {
      if (kept.heardAt < oldest) this.clients.delete(clientId);
      else states.push(kept.entry);
    }
    return states;
  }
}
