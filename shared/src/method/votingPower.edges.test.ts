/** Voting power at its edges: weights that are not positive numbers, rounding of fractional weights (POWER-1, POWER-2). */
import { describe, expect, it } from 'vitest';
import { banzhafPower } from './votingPower.ts';

const weighted = (...weights: number[]) => weights.map((votingWeight, i) => ({ id: `p${i}`, votingWeight }));
const powers = (weights: number[], quota?: number) => banzhafPower(weighted(...weights), quota).map((p) => p.power);

describe('voting power, at its edges', () => {
  it('POWER-1: a weight that is not a positive finite number counts as no weight', () => {
    const r = banzhafPower(weighted(Number.NaN, -2, Number.POSITIVE_INFINITY, 2, 1));
    expect(r.map((p) => p.weight)).toEqual([0, 0, 0, 2, 1]);
    expect(r.map((p) => p.power)).toEqual([0, 0, 0, 1, 0]);
  });

  it('POWER-2: up to 20 partners, fractional weights are counted exactly, not rounded', () => {
    // 0.504 of 1 is more than half: that partner passes alone. Rounded to hundredths the two would tie.
    expect(powers([0.504, 0.496])).toEqual([1, 0]);
  });

  it('POWER-2: past 20 partners with fractional weights, exactly half the total does not pass', () => {
    // Ten of the twenty halves weigh 5 of 10.01: not more than half, so the partner of 0.01 decides, and has power.
    const r = powers([0.01, ...Array.from({ length: 20 }, () => 0.5)]);
    expect(r[0]).toBeGreaterThan(0);
  });
});
