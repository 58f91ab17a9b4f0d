/**
 * Failed token attempts per client address, in fixed one-minute windows. An address over the
 * limit is refused before its token is even looked up, so guessing secrets is slow.
 */
export class AuthFailures {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  isBlocked(address: string): boolean {
    const window = this.current(address);
    return window !== undefined && window.count >= this.perMinute;
  }

  record(address: string): void {
    const window = this.current(address);
    if (window) window.count += 1;
    else this.windows.set(address, { start: this.now(), count: 1 });
    if (this.windows.size > 10_000) this.sweep();
  }

  private current(address: string): { start: number; count: number } | undefined {
    const window = this.windows.get(address);
    if (window && this.now() - window.start >= 60_000) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  private sweep(): void {
    const now = this.now();
    for (const [address, window] of this.windows) {
      if (now - window.start >= 60_000) this.windows.delete(address);
    }
  }
}
