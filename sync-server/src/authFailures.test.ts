import { describe, expect, it } from 'vitest';
import { AuthFailures } from './authFailures.ts';

describe('AuthFailures', () => {
  it('GUESS-2 counts failures per network in a minute: over the limit from the next one, other networks unaffected, and it expires', () => {
    let now = 0;
    const failures = new AuthFailures(3, () => now);
    for (let i = 1; i <= 3; i++) expect(failures.fail(`10.0.0.${i}`), `failure ${i}`).toBe(false);
    // The fourth failure from the same /24, from yet another address of it, is over the limit.
    expect(failures.fail('10.0.0.200')).toBe(true);
    expect(failures.retryAfterSeconds('10.0.0.9')).toBe(60);
    expect(failures.fail('10.0.1.1')).toBe(false);
    // IPv6 counts by /64: the interface part is the host's to change at will.
    for (let i = 1; i <= 3; i++) expect(failures.fail(`2001:db8:0:1::${i}`)).toBe(false);
    expect(failures.fail('2001:db8:0:1:ffff:ffff:ffff:ffff')).toBe(true);
    expect(failures.fail('2001:db8:0:2::1')).toBe(false);
    now += 45_000;
    expect(failures.retryAfterSeconds('10.0.0.1')).toBe(15);
    now += 15_000;
    expect(failures.fail('10.0.0.1')).toBe(false);
  });
});

describe('AuthFailures memory', () => {
  it('GUESS-2 remembers a bounded number of networks: expired windows go first, then the oldest', () => {
    let now = 0;
    const failures = new AuthFailures(2, () => now, 100);
    for (let i = 0; i < 100; i++) failures.fail(`10.0.${i}.1`);
    expect(failures.size).toBe(100);
    now += 60_000;
    failures.fail('10.1.0.1');
    // All expired: only the newcomer is left.
    expect(failures.size).toBe(1);
    for (let i = 0; i < 250; i++) failures.fail(`10.2.${i}.1`);
    expect(failures.size).toBeLessThanOrEqual(100);
    // The newest networks are still counted.
    failures.fail('10.2.249.1');
    expect(failures.fail('10.2.249.1')).toBe(true);
  });
});
