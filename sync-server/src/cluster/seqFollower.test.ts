import { describe, expect, it } from 'vitest';
import { SeqFollower } from './seqFollower.ts';

describe('SeqFollower', () => {
  it('tells the next update from one already held and from a gap', () => {
    const follower = new SeqFollower();
    expect(follower.heard('a', 1)).toBe('gap');
    follower.loaded('a', 4);
    expect(follower.heard('a', 5)).toBe('next');
    expect(follower.heard('a', 5)).toBe('held');
    expect(follower.heard('a', 3)).toBe('held');
    expect(follower.heard('a', 7)).toBe('gap');
    // A gap is not taken as held: the room fills it, then says how far it got.
    expect(follower.lastSeq('a')).toBe(5);
    follower.loaded('a', 7);
    expect(follower.heard('a', 8)).toBe('next');
    follower.forget('a');
    expect(follower.heard('a', 9)).toBe('gap');
  });
});
