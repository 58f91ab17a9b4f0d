/** A token bucket: `burst` messages at once, refilled at `perSecond`. The clock is passed in for tests. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes `count` tokens (one by default); false, taking none, when fewer are left. */
  take(count = 1): boolean {
    this.refill();
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }

  /** Whether any token is left (for a cost known only afterwards, see `spend`). */
  hasTokens(): boolean {
    this.refill();
    return this.tokens > 0;
  }

  /** Takes what something already cost, which may leave the bucket in debt until it refills. */
  spend(count: number): void {
    this.refill();
    this.tokens -= count;
  }

  private refill(): void {
    const now = this.now();
    const elapsed = now - this.last;
    if (elapsed > 0) {
      this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000);
      this.last = now;
    }
  }

  /** Gives back `count` tokens taken for something that turned out to cost nothing, up to the burst. */
  give(count = 1): void {
    this.tokens = Math.min(this.burst, this.tokens + count);
  }
}
