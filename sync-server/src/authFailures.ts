import { MAX_NETWORKS, networkOf } from './clientAddress.ts';

const WINDOW_MS = 60_000;

/**
 * Failed secrets per network (IPv4 /24, IPv6 /64: `networkOf`), in fixed one-minute windows.
 * A secret is always looked up, and a valid one connects whatever its network's count: the limit
 * keeps noise down (128-bit secrets make guessing hopeless), it never locks anyone out. Failures
 * past the limit are answered with a retryable refusal instead of a final one.
 */
export class AuthFailures {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    /** Networks remembered at once; past it, expired windows go, then the oldest. */
    private readonly maxNetworks = MAX_NETWORKS,
  ) {}

  /** Networks with a window now (bounded by `maxNetworks`). */
  get size(): number {
    return this.windows.size;
  }

  /** Counts a failed attempt from `address`; true when its network is now over the limit. */
  fail(address: string): boolean {
    const network = networkOf(address);
    const window = this.current(network);
    if (window) {
      window.count += 1;
      return window.count > this.perMinute;
    }
    if (this.windows.size >= this.maxNetworks) this.sweep();
    this.windows.set(network, { start: this.now(), count: 1 });
    return 1 > this.perMinute;
  }

  /** Whole seconds until `address`'s network starts a new window (for Retry-After). */
  retryAfterSeconds(address: string): number {
    const window = this.current(networkOf(address));
    return window ? Math.max(1, Math.ceil((window.start + WINDOW_MS - this.now()) / 1000)) : 1;
  }

  private current(network: string): { start: number; count: number } | undefined {
    const window = this.windows.get(network);
    if (window && this.now() - window.start >= WINDOW_MS) {
      this.windows.delete(network);
      return undefined;
    }
    return window;
  }

  private sweep(): void {
    const now = this.now();
    for (const [network, window] of this.windows) {
      if (now - window.start >= WINDOW_MS) this.windows.delete(network);
    }
    // Still full: the oldest windows go first (a Map iterates in insertion order), a tenth at once,
    // so that a stream of new networks does not make every insertion a full sweep.
    for (const network of this.windows.keys()) {
      if (this.windows.size <= this.maxNetworks * 0.9) break;
      this.windows.delete(network);
    }
  }
}
