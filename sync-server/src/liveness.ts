/**
 * Whether a socket's peer is still there (KEEPALIVE-1). A peer whose network drops sends no close: its TCP connection
 * stays open on the relay's side, and with it its presence, until the relay notices. So the relay pings every socket
 * (a WebSocket ping, which every browser and the stock client answer with a pong on their own) and cuts one that
 * does not answer in time; its presence then leaves everyone's list as with any close (PRESENCE-3).
 *
 * The answer is awaited from when the ping left the relay (ws's ping callback: handed to the network), not from when
 * it was queued: a peer still reading a large document gets its ping behind it, and is not cut for being slow. A peer
 * heard from not at all (no pong, no frame) for `silentAtMostMs` is cut however its pings fare.
 */
export interface LivenessTimes {
  /** A ping this often, once the last one is answered. */
  pingEveryMs: number;
  /** A ping handed to the network and unanswered this long: the peer is gone. */
  pongWithinMs: number;
  /** Nothing at all from the peer this long (its pings still queued behind what it has not read): gone. */
  silentAtMostMs: number;
}

/**
 * A dropped network leaves presence within pingEveryMs + pongWithinMs (+ a tick, 1 s): about 11 s. y-protocols would
 * time the state out only after 30 s without a renewal, and the relay's former 30 s ping after 30 to 60 s.
 */
export const LIVENESS_TIMES: LivenessTimes = { pingEveryMs: 5_000, pongWithinMs: 5_000, silentAtMostMs: 30_000 };

/** How often the relay looks at its sockets' liveness. */
export const LIVENESS_TICK_MS = 1_000;

export type LivenessStep = 'ping' | 'cut' | 'wait';

/** One socket's pings and answers; `now` in ms from a monotonic clock (`performance.now`). */
export class Liveness {
  private awaiting = false;
  private pingedAt: number;
  private sentAt: number | null = null;
  private heardAt: number;

  constructor(
    now: number,
    private readonly times: LivenessTimes = LIVENESS_TIMES,
  ) {
    this.pingedAt = now;
    this.heardAt = now;
  }

  /** A pong: the ping is answered. */
  answered(now: number): void {
    this.awaiting = false;
    this.heardAt = now;
  }

  /** Any frame from the peer. */
  heard(now: number): void {
    this.heardAt = now;
  }

  /** The ping left the relay (ws's ping callback without an error). */
  sent(now: number): void {
    if (this.awaiting && this.sentAt === null) this.sentAt = now;
  }

  /** What to do now: ping the peer, cut it, or wait. */
  step(now: number): LivenessStep {
    if (now - this.heardAt >= this.times.silentAtMostMs) return 'cut';
    if (this.awaiting) return this.sentAt !== null && now - this.sentAt >= this.times.pongWithinMs ? 'cut' : 'wait';
    if (now - this.pingedAt < this.times.pingEveryMs) return 'wait';
    this.awaiting = true;
    this.pingedAt = now;
    this.sentAt = null;
    return 'ping';
  }
}
