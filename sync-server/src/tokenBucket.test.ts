import { describe, expect, it } from 'vitest';
import { TokenBucket } from './tokenBucket.ts';
import { AuthFailures } from './authFailures.ts';

describe('TokenBucket', () => {
  it('RATE-1 allows a burst of 1,000 then 200 a second', () => {
    let now = 0;
    const bucket = new TokenBucket(1000, 200, () => now);
    for (let i = 0; i < 1000; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 1000;
    for (let i = 0; i < 200; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 10_000_000;
    let taken = 0;
    while (bucket.take()) taken++;
    expect(taken).toBe(1000);
  });
});

describe('AuthFailures', () => {
  it('GUESS-2 blocks an address after its failures in a minute, others are unaffected, and it expires', () => {
    let now = 0;
    const failures = new AuthFailures(3, () => now);
    for (let i = 0; i < 3; i++) {
      expect(failures.isBlocked('10.0.0.1')).toBe(false);
      failures.record('10.0.0.1');
    }
    expect(failures.isBlocked('10.0.0.1')).toBe(true);
    expect(failures.isBlocked('10.0.0.2')).toBe(false);
    now += 60_000;
    expect(failures.isBlocked('10.0.0.1')).toBe(false);
  });
});
