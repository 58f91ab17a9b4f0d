import { MAX_NETWORKS, networkOf } from './clientAddress.ts';

/**
 * How often one network (IPv4 /24, IPv6 /64: `networkOf`) may create something: a token bucket
 * of `burst`, refilled at `perMinute`. The clock is passed in for tests.
 */
export class CreationLimit {
  private readonly buckets = new Map<string, { tokens: number; last: number }>();

  constructor(
    private readonly burst: number,
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    /** Networks remembered at once; past it, full buckets go, then the oldest. */
    private readonly maxNetworks = MAX_NETWORKS,
  ) {}

  /** Networks with a bucket now (bounded by `maxNetworks`). */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one creation for `address`'s network; false when its bucket is empty. */
  take(address: string): boolean {
    const bucket = this.refilled(networkOf(address));
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Whole seconds until `address`'s network may create again (for Retry-After). */
  retryAfterSeconds(address: string): number {
    const bucket = this.refilled(networkOf(address));
    if (bucket.tokens >= 1 || this.perMinute <= 0) return 1;
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / this.perMinute));
  }

  private refilled(network: string): { tokens: number; last: number } {
    const now = this.now();
    let bucket = this.buckets.get(network);
    if (!bucket) {
      if (this.buckets.size >= this.maxNetworks) this.sweep(now);
      bucket = { tokens: this.burst, last: now };
      this.buckets.set(network, bucket);
      return bucket;
    }
    const elapsed = now - bucket.last;
    if (elapsed > 0) {
      bucket.tokens = Math.min(this.burst, bucket.tokens + (elapsed * this.perMinute) / 60_000);
      bucket.last = now;
    }
    return bucket;
  }

  private sweep(now: number): void {
    for (const [network, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.last) * this.perMinute) / 60_000 >= this.burst) this.buckets.delete(network);
    }
    // Still full: the oldest go, a tenth at once, so that sweeping stays rare.
    for (const network of this.buckets.keys()) {
      if (this.buckets.size <= this.maxNetworks * 0.9) break;
      this.buckets.delete(network);
    }
  }
}
