/**
 * The threads beside the charter are drawn after its text. Opening a long negotiation drew 200 cards (600 comments) in
 * the same task as the editor, which then became editable only after all of them; now each card waits for a later
 * slice of a few milliseconds, between which the browser paints and takes keys.
 */
export class SlicedMounting {
  private readonly queue: Array<{ mount: () => void; done: boolean }> = [];
  private scheduled = false;

  constructor(
    private readonly sliceMs = 8,
    private readonly now: () => number = () => performance.now(),
    private readonly later: (run: () => void) => void = (run) => setTimeout(run, 0),
  ) {}

  /** Runs `mount` in a later slice, in the order asked; the returned function cancels it if it has not run. */
  soon(mount: () => void): () => void {
    const job = { mount, done: false };
    this.queue.push(job);
    this.schedule();
    return () => {
      job.done = true;
    };
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.later(() => this.slice());
  }

  private slice(): void {
    this.scheduled = false;
    const until = this.now() + this.sliceMs;
    while (this.queue.length > 0) {
      const job = this.queue.shift()!;
      if (job.done) continue;
      job.done = true;
      job.mount();
      if (this.now() >= until) break;
    }
    if (this.queue.length > 0) this.schedule();
  }
}
