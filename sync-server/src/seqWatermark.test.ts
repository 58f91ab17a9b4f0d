import { describe, expect, it } from 'vitest';
import { SeqWatermark } from './seqWatermark.ts';

describe('the seq watermark', () => {
  it('FANOUT-8 moves only through numbers applied without a gap; numbers above a gap wait for it', () => {
    const seqs = new SeqWatermark(3);
    expect(seqs.applied(5)).toBe('ahead');
    expect(seqs.through).toBe(3);
    expect(seqs.hasGap).toBe(true);
    expect(seqs.applied(5)).toBe('held');
    expect(seqs.applied(3)).toBe('held');
    expect(seqs.applied(4)).toBe('next');
    expect(seqs.through).toBe(5);
    expect(seqs.hasGap).toBe(false);
    expect(seqs.highest).toBe(5);
  });

  it('FANOUT-8 a whole document read through a number takes the watermark there and past what waited above it', () => {
    const seqs = new SeqWatermark(0);
    seqs.applied(2);
    seqs.applied(9);
    seqs.applied(10);
    seqs.appliedThrough(8);
    expect(seqs.through).toBe(10);
    expect(seqs.hasGap).toBe(false);
  });
});
