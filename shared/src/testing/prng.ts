/**
 * A small seeded pseudo-random generator for tests: the same seed gives the same sequence on every
 * machine, so a failing randomized test is reproduced from its seed alone. Not for secrets.
 */
import type { RandomBytes } from '../ids.ts';

/** Seeds are unsigned 32-bit integers; larger numbers are folded into that range. */
export function normalizeSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`A seed must be a safe integer, not ${seed}`);
  return (seed ^ Math.floor(seed / 0x1_0000_0000)) >>> 0;
}

/** A seeded source of floats in [0, 1), for tests that only need `next`. */
export function seededRandom(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}

/** mulberry32 (Tommy Ettinger): one 32-bit word of state, fast, and good enough to shuffle tests. */
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = normalizeSeed(seed);
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) throw new RangeError(`Bad range [${min}, ${max}]`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  /** A random item, or undefined for an empty list (for "pick an existing record, if any"). */
  maybePick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : this.pick(items);
  }

  /** Picks by weight: `[[3, 'a'], [1, 'b']]` gives 'a' three times as often as 'b'. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [w, value] of choices) {
      roll -= w;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1]![1];
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      let word = this.uint32();
      for (let j = i; j < Math.min(i + 4, length); j++) {
        out[j] = word & 0xff;
        word >>>= 8;
      }
    }
    return out;
  }

  /** A short word of lowercase letters (and the odd space and non-ASCII letter, so text handling is exercised). */
  word(min = 1, max = 8): string {
    const letters = 'abcdefghijklmnopqrstuvwxyz  éø€₂';
    let out = '';
    const length = this.int(min, max);
    for (let i = 0; i < length; i++) out += letters[this.int(0, letters.length - 1)];
    return out;
  }

  /** A fresh generator whose seed comes from this one: independent streams per peer, still reproducible. */
  fork(): Prng {
    return new Prng(this.uint32());
  }
}

/** A `RandomBytes` source drawn from `prng`, so the record ids a document makes are reproducible per seed. */
export function seededRandomBytes(prng: Prng): RandomBytes {
  return (length) => prng.bytes(length);
}
