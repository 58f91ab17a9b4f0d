import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSecret } from './ids.ts';
import { MIN_SECRET_ENTROPY_SCORE, MIN_SECRET_LENGTH, isStrongSecret } from './protocol.ts';
import { secretEntropyScore } from './secretStrength.ts';

describe('secret strength', () => {
  it('SECRET-2 every one of 1,000,000 random 16-byte secrets clears the floor with margin; patterned ones do not', () => {
    const count = 1_000_000;
    const bytes = randomBytes(16 * count);
    let lowest = Infinity;
    let shortest = Infinity;
    for (let i = 0; i < count; i++) {
      const secret = bytes.subarray(i * 16, i * 16 + 16).toString('base64url');
      shortest = Math.min(shortest, secret.length);
      const score = secretEntropyScore(secret);
      if (score < lowest) lowest = score;
    }
    expect(shortest).toBe(MIN_SECRET_LENGTH);
    // Measured when the floor was chosen: the lowest of 1,000,000 was 71.0 (protocol.ts).
    expect(lowest).toBeGreaterThanOrEqual(MIN_SECRET_ENTROPY_SCORE + 5);
    for (const weak of ['a'.repeat(22), 'ab'.repeat(11), 'abcd'.repeat(6).slice(0, 22), 'abcdef'.repeat(4).slice(0, 22), 'A'.repeat(43)]) {
      expect(isStrongSecret(weak), weak).toBe(false);
    }
    expect(secretEntropyScore('a'.repeat(22))).toBe(0);
    expect(secretEntropyScore('ab'.repeat(11))).toBeCloseTo(22, 9);
  }, 60_000); // a million samples: seconds of work on a busy machine, not a speed target

  it("SECRET-2 the app's own secrets always pass", () => {
    for (let i = 0; i < 100_000; i++) {
      const secret = newSecret();
      if (!isStrongSecret(secret)) expect.fail(`newSecret() made ${secret}, which scores ${secretEntropyScore(secret)}`);
    }
  });
});
