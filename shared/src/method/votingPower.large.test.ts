/**
 * Voting power with a counting table near its bound (POWER-1): past 20 partners with fractional weights and over
 * 10,000 in all, a million-entry table. Half a second here, over a minute under mutation testing's instrumentation,
 * so its own file, which the mutation runs leave out (shared/vitest.mutation.config.ts); the two mutants only it
 * kills (votingPower.ts, the scale factor) are listed in reports/mutation-notes.md.
 */
import { describe, expect, it } from 'vitest';
import { banzhafPower } from './votingPower.ts';

const weighted = (...weights: number[]) => weights.map((votingWeight, i) => ({ id: `p${i}`, votingWeight }));

describe('voting power, with a counting table near its bound', () => {
  it('POWER-1: past 20 partners with fractional weights and over 10,000 in all, weights keep fewer decimals, so the table stays near a million entries', () => {
    // Ten of twenty equal partners weigh exactly half; the partner of 0.009 on top makes more than half.
    const tinyPower = (each: number) => banzhafPower(weighted(0.009, ...Array.from({ length: 20 }, () => each)))[0]!;
    // 2,000.009 in all: hundredths are kept, the 0.009 rounds to 0.01 and is seen to decide.
    expect(tinyPower(100)).toMatchObject({ weight: 0.009, swings: 184_756, isDummy: false });
    // 20,000.009 in all: a step of 1/49 (1,000,000 / 20,000.009, whole) is kept; 0.009 rounds to nothing and has no power.
    expect(tinyPower(1000)).toMatchObject({ weight: 0.009, swings: 0, power: 0, isDummy: true });
  });
});
