import { describe, expect, it } from 'vitest';
import { CreationLimit } from './creationLimit.ts';

describe('CreationLimit', () => {
  it('CREATE-3 a burst per network, then so many a minute, with the wait until the next one', () => {
    let now = 0;
    const limit = new CreationLimit(3, 6, () => now);
    for (let i = 1; i <= 3; i++) expect(limit.take(`192.0.2.${i}`)).toBe(true);
    expect(limit.take('192.0.2.77')).toBe(false);
    expect(limit.retryAfterSeconds('192.0.2.1')).toBe(10);
    expect(limit.take('198.51.100.1')).toBe(true);
    now += 9_000;
    expect(limit.take('192.0.2.1')).toBe(false);
    expect(limit.retryAfterSeconds('192.0.2.1')).toBe(1);
    now += 1_000;
    expect(limit.take('192.0.2.1')).toBe(true);
    expect(limit.take('192.0.2.1')).toBe(false);
    now += 3_600_000;
    for (let i = 0; i < 3; i++) expect(limit.take('192.0.2.1')).toBe(true);
    expect(limit.take('192.0.2.1')).toBe(false);
  });
});

describe('CreationLimit memory', () => {
  it('CREATE-3 remembers a bounded number of networks: full buckets go first, then the oldest', () => {
    let now = 0;
    const limit = new CreationLimit(2, 6, () => now, 100);
    for (let i = 0; i < 100; i++) limit.take(`10.0.${i}.1`);
    expect(limit.size).toBe(100);
    now += 60_000;
    limit.take('10.1.0.1');
    expect(limit.size).toBe(1);
    for (let i = 0; i < 250; i++) limit.take(`10.2.${i}.1`);
    expect(limit.size).toBeLessThanOrEqual(100);
    limit.take('10.2.249.1');
    expect(limit.take('10.2.249.1')).toBe(false);
  });
});
