import { describe, expect, it } from 'vitest';
import { hashSecret, sameHash } from './secrets.ts';

describe('secrets', () => {
  it('SECRET-1 hashes compare equal only when every byte is', () => {
    const a = hashSecret('first-secret-aaaaaaaaaaaaa');
    const b = hashSecret('other-secret-bbbbbbbbbbbbb');
    expect(a.length).toBe(b.length);
    expect(sameHash(a, hashSecret('first-secret-aaaaaaaaaaaaa'))).toBe(true);
    expect(sameHash(a, b)).toBe(false);
    // One bit apart, in the last byte: every byte is compared.
    const flipped = a.slice();
    flipped[flipped.length - 1]! ^= 1;
    expect(sameHash(a, flipped)).toBe(false);
    expect(sameHash(a, a.subarray(0, 16))).toBe(false);
  });
});
