import { createSubscriber } from 'svelte/reactivity';

/** How often what depends on the time of day (deadlines, overdue, due reviews) is looked at again. */
export const CLOCK_TICK_MS = 30_000;

/**
 * The app's one reactive clock. Reading `now` inside a `$derived` or an effect makes it run again every
 * tick, while anything on screen reads it: time alone makes a deadline pass or a review fall due.
 * Outside a reactive context it is just the time.
 */
export class Clock {
  readonly #subscribe: () => void;

  constructor(
    private readonly source: () => number = Date.now,
    tickMs = CLOCK_TICK_MS,
  ) {
    this.#subscribe = createSubscriber((update) => {
      const timer = setInterval(update, tickMs);
      return () => clearInterval(timer);
    });
  }

  get now(): number {
    this.#subscribe();
    return this.source();
  }
}

export const clock = new Clock();
