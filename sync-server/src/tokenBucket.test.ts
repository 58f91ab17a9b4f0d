import { describe, expect, it } from 'vitest';
import { TokenBucket } from './tokenBucket.ts';

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
