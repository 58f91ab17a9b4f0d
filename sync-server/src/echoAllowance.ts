/**
 * The echoes one socket may send for free. A stock y-websocket client sends back every awareness
 * change it hears, at once: each frame relayed to a socket allows one echo, for a window of
 * `windowMs` to two (a client that has not echoed by then never will). What a socket can save up
 * is therefore what the relay sent it in the last two windows, never more.
 */
export class EchoAllowance {
  private current = 0;
  private previous = 0;
  private since: number;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {
    this.since = now();
  }

  /** A frame the socket may echo was sent to it. */
  relayed(): void {
    this.turn();
    this.current += 1;
  }

  /** Takes one echo; false when none is owed. */
  take(): boolean {
    this.turn();
    if (this.previous > 0) this.previous -= 1;
    else if (this.current > 0) this.current -= 1;
    else return false;
    return true;
  }

  private turn(): void {
    const elapsed = this.now() - this.since;
    if (elapsed < this.windowMs) return;
    this.previous = elapsed < 2 * this.windowMs ? this.current : 0;
    this.current = 0;
    this.since = this.now();
  }
}
