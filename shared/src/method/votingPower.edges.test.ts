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

  it('POWER-1: past 20 partners with fractional weights and over 10,000 in all, weights keep fewer decimals, so the table stays near a million entries', () => {
    // Ten of twenty equal partners weigh exactly half; the partner of 0.009 on top makes more than half.
    const tinyPower = (each: number) => banzhafPower(weighted(0.009, ...Array.from({ length: 20 }, () => each)))[0]!;
    // 2,000.009 in all: hundredths are kept, the 0.009 rounds to 0.01 and is seen to decide.
    expect(tinyPower(100)).toMatchObject({ weight: 0.009, swings: 184_756, isDummy: false });
    // 20,000.009 in all: a step of 1/49 (1,000,000 / 20,000.009, whole) is kept; 0.009 rounds to nothing and has no power.
    expect(tinyPower(1000)).toMatchObject({ weight: 0.009, swings: 0, power: 0, isDummy: true });
  });
});
