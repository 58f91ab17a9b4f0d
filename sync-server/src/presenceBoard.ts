import { outdatedTimeout } from 'y-protocols/awareness';
import { EchoAllowance } from './echoAllowance.ts';
import type { RelayLimits } from './limits.ts';
import {
  decodePresenceUpdate,
  readPresenceState,
  type PresenceEntry,
  type PresenceEntryBytes,
} from './presence.ts';
import { TokenBucket } from './tokenBucket.ts';

export type PresenceLimits = Pick<
  RelayLimits,
  | 'presenceMaxStateBytes'
  | 'presenceMaxDepth'
  | 'presenceClientsPerSocket'
  | 'presenceRateBurst'
  | 'presenceRatePerSecond'
  | 'presenceBytesBurst'
  | 'presenceBytesPerSecond'
>;

export type PresenceReceipt =
  /**
   * `echo`: nothing in it was the sender's to say, and the relay had sent it a frame it could be
   * echoing (a stock client sends every change it hears back): it costs the sender nothing.
   */
  | { ok: true; accepted: PresenceEntry[]; echo: boolean }
  | { ok: false; refusal: 'malformed' | 'tooFast'; reason: string };

/** One client id's presence as the relay last accepted it. */
interface ClientPresence<Owner> {
  /** The live socket that speaks for it; null once that socket left. */
  owner: Owner | null;
  clock: number;
  /** As its owner sent it; null when removed. */
  stateJson: string | null;
  updatedAt: number;
}

/** What the board knows of one socket that sent presence. */
interface Speaker {
  readonly clients: Set<number>;
  readonly frames: TokenBucket;
  readonly bytes: TokenBucket;
}

/**
 * Ids whose socket left are remembered for `outdatedTimeout` (no peer holds a state longer without
 * a renewal), and at most this many per room: sockets that connect and leave in a loop must not
 * grow the board.
 */
const MAX_DEPARTED = 4096;

/**
 * The presence of one room: who is here, as the relay accepted it. The rules are y-protocols'
 * (a newer clock wins; a null state removes; a removal at the same clock removes a live state),
 * plus the relay's own: a client id belongs to the first live socket that speaks for it (at most
 * `presenceClientsPerSocket` of them); entries for ids another socket owns are dropped unread;
 * states are bounded before they are parsed and kept as the JSON text they came as, so nothing a
 * socket sends is ever re-serialized; what a socket gets relayed is rate-limited.
 */
export class PresenceBoard<Owner> {
  private readonly clients = new Map<number, ClientPresence<Owner>>();
  private readonly speakers = new Map<Owner, Speaker>();
  /** Ids whose socket left, oldest first, with when: a late echo of their last state must not revive them. */
  private readonly departed = new Map<number, number>();
  /** The most sockets that have spoken here at once: an honest frame carries at most their ids. */
  private busiest = 0;
  /** The echoes each socket may still send for free: one per frame relayed to it lately. */
  private readonly echoes = new Map<Owner, EchoAllowance>();

  constructor(private readonly now: () => number = performance.now.bind(performance)) {}

  /**
   * An awareness update from `owner`. The accepted entries are what to relay, to every socket of
   * the room (its sender too: a lone client hears its own renewals).
   */
  receive(owner: Owner, update: Uint8Array, limits: PresenceLimits): PresenceReceipt {
    const speaker = this.speakerFor(owner, limits);
    const decoded = decodePresenceUpdate(update, {
      maxEntries: limits.presenceClientsPerSocket * this.busiest,
      maxStateBytes: limits.presenceMaxStateBytes,
    });
    if (!decoded.ok) return { ok: false, refusal: 'malformed', reason: decoded.reason };
    this.forgetDeparted();

    // The entries this socket may speak for: its own ids, and new ids while it has room for them.
    // Anything else is dropped unread (a stock client echoes every state it hears).
    const candidates: PresenceEntryBytes[] = [];
    let newIds = 0;
    let bytes = 0;
    for (const entry of decoded.entries) {
      const current = this.clients.get(entry.clientId)?.owner ?? null;
      if (current !== null && current !== owner) continue;
      if (current === null) {
        if (isNullState(entry.state)) continue; // the echo of a removal claims nothing
        if (speaker.clients.size + newIds >= limits.presenceClientsPerSocket) continue;
        newIds += 1;
      }
      candidates.push(entry);
      bytes += entry.state.length;
    }
    if (candidates.length === 0) return { ok: true, accepted: [], echo: this.echoes.get(owner)?.take() ?? false };
    if (!speaker.frames.take() || !speaker.bytes.take(bytes)) {
      return { ok: false, refusal: 'tooFast', reason: 'over the presence rate limit' };
    }

    const states: Array<string | null> = [];
    for (const candidate of candidates) {
      const state = readPresenceState(candidate.state, limits.presenceMaxDepth);
      if (!state.ok) return { ok: false, refusal: 'malformed', reason: state.reason };
      states.push(state.json);
    }

    const now = this.now();
    const accepted: PresenceEntry[] = [];
    candidates.forEach(({ clientId, clock }, i) => {
      const stateJson = states[i]!;
      const known = this.clients.get(clientId);
      const knownClock = known?.clock ?? 0;
      const owned = known !== undefined && known.owner === owner;
      if (owned) {
        const newer = clock > knownClock || (clock === knownClock && stateJson === null && known.stateJson !== null);
        if (!newer) return;
      } else {
        // Claimed only with a state and a clock past the one it left with (its slot is kept above).
        if (stateJson === null || clock <= knownClock) return;
        speaker.clients.add(clientId);
        this.departed.delete(clientId);
      }
      this.clients.set(clientId, { owner, clock, stateJson, updatedAt: now });
      accepted.push({ clientId, clock, stateJson: stateJson ?? 'null' });
    });
    return { ok: true, accepted, echo: false };
  }

  /** An awareness frame was sent to `recipient`: it may echo it back once, for free. */
  relayedTo(recipient: Owner): void {
    let allowance = this.echoes.get(recipient);
    if (!allowance) {
      // A stock client echoes at once; one outdated timeout is ample even for one far behind.
      allowance = new EchoAllowance(outdatedTimeout, this.now);
      this.echoes.set(recipient, allowance);
    }
    allowance.relayed();
  }

  /** Everyone present: every live state renewed within y-protocols' `outdatedTimeout`. */
  states(): PresenceEntry[] {
    const horizon = this.now() - outdatedTimeout;
    const live: PresenceEntry[] = [];
    for (const [clientId, client] of this.clients) {
      if (client.owner === null || client.stateJson === null || client.updatedAt <= horizon) continue;
      live.push({ clientId, clock: client.clock, stateJson: client.stateJson });
    }
    return live;
  }

  /**
   * `owner` left: its ids are released, and the removals of its live states returned, to relay.
   * A removal keeps the state's clock, as y-protocols' own removal does: every peer removes a
   * live state on a null at its clock, and a stock client that reconnects shows again from its
   * next change (at most `outdatedTimeout / 2` later, its renewal), whose clock passes it.
   */
  leave(owner: Owner): PresenceEntry[] {
    this.echoes.delete(owner);
    const speaker = this.speakers.get(owner);
    if (!speaker) return [];
    this.speakers.delete(owner);
    const now = this.now();
    const removed: PresenceEntry[] = [];
    for (const clientId of speaker.clients) {
      const client = this.clients.get(clientId)!;
      if (client.stateJson !== null) removed.push({ clientId, clock: client.clock, stateJson: 'null' });
      this.clients.set(clientId, { owner: null, clock: client.clock, stateJson: null, updatedAt: now });
      this.departed.set(clientId, now);
    }
    this.forgetDeparted();
    return removed;
  }

  private speakerFor(owner: Owner, limits: PresenceLimits): Speaker {
    let speaker = this.speakers.get(owner);
    if (!speaker) {
      speaker = {
        clients: new Set(),
        frames: new TokenBucket(limits.presenceRateBurst, limits.presenceRatePerSecond, this.now),
        bytes: new TokenBucket(limits.presenceBytesBurst, limits.presenceBytesPerSecond, this.now),
      };
      this.speakers.set(owner, speaker);
      this.busiest = Math.max(this.busiest, this.speakers.size);
    }
    return speaker;
  }

  /** Departed ids older than `outdatedTimeout` (no peer still holds their state), or past the cap. */
  private forgetDeparted(): void {
    const horizon = this.now() - outdatedTimeout;
    for (const [clientId, leftAt] of this.departed) {
      if (leftAt > horizon && this.departed.size <= MAX_DEPARTED) break;
      this.departed.delete(clientId);
      if (this.clients.get(clientId)?.owner === null) this.clients.delete(clientId);
    }
  }
}

const NULL_STATE = [0x6e, 0x75, 0x6c, 0x6c]; // "null", as y-protocols writes a removal

function isNullState(state: Uint8Array): boolean {
  return state.length === 4 && NULL_STATE.every((byte, i) => state[i] === byte);
}
