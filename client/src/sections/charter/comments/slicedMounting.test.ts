import { describe, expect, it } from 'vitest';
import { SlicedMounting } from './slicedMounting.ts';

/** A clock the test moves, and the slices it runs by hand. */
function harness(sliceMs = 8) {
  let time = 0;
  const slices: Array<() => void> = [];
  const mounting = new SlicedMounting(sliceMs, () => time, (run) => slices.push(run));
  const runSlice = () => slices.shift()!();
  return { mounting, runSlice, slices, advance: (ms: number) => (time += ms) };
}

describe('cards drawn in slices after the text', () => {
  it('mounts nothing at once, then in order, a slice at a time, each within its few milliseconds', () => {
    const { mounting, runSlice, slices, advance } = harness(8);
    const mounted: number[] = [];
    for (let card = 0; card < 5; card++) mounting.soon(() => {
      mounted.push(card);
      advance(3);
    });
    expect(mounted).toEqual([]);
    expect(slices).toHaveLength(1);
    runSlice();
    // 3 + 3 + 3 ms: the third card ends the slice.
    expect(mounted).toEqual([0, 1, 2]);
    expect(slices).toHaveLength(1);
    runSlice();
    expect(mounted).toEqual([0, 1, 2, 3, 4]);
    expect(slices).toHaveLength(0);
  });

  it('a card removed before its slice is never mounted', () => {
    const { mounting, runSlice } = harness();
    const mounted: string[] = [];
    mounting.soon(() => mounted.push('kept'));
    const cancel = mounting.soon(() => mounted.push('removed'));
    cancel();
    runSlice();
    expect(mounted).toEqual(['kept']);
  });

  it('a card asked for after the queue drained gets a slice of its own', () => {
    const { mounting, runSlice, slices } = harness();
    const mounted: string[] = [];
    mounting.soon(() => mounted.push('first'));
    runSlice();
    expect(slices).toHaveLength(0);
    mounting.soon(() => mounted.push('second'));
    expect(slices).toHaveLength(1);
    runSlice();
    expect(mounted).toEqual(['first', 'second']);
  });
});
