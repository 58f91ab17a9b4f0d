import { describe, it, expect } from 'vitest';
import { banzhafPower, powerWarnings } from './votingPower.ts';
import { partner } from './testAlliance.ts';
import { seededRandom as seeded } from '../testing/prng.ts';

function weighted(...weights: number[]) {
  return weights.map((w, i) => partner(String.fromCharCode(97 + i), { votingWeight: w }));
}

function powers(weights: number[], quota?: number): number[] {
  return banzhafPower(weighted(...weights), quota).map((p) => p.power);
}


describe('voting power', () => {
  it('POWER-1: [4,3,2] with quota 5 gives every partner a third of the power', () => {
    const r = banzhafPower(weighted(4, 3, 2), 5);
    expect(r.map((p) => p.swings)).toEqual([2, 2, 2]);
    for (const p of r) expect(p.power).toBeCloseTo(1 / 3, 12);
  });

  it('POWER-1: [2,1,1] with quota 3 gives 3/5, 1/5, 1/5', () => {
    const r = banzhafPower(weighted(2, 1, 1), 3);
    expect(r.map((p) => p.swings)).toEqual([3, 1, 1]);
    expect(r.map((p) => p.power)).toEqual([0.6, 0.2, 0.2]);
  });

  it('POWER-2: the default quota is more than half the total weight', () => {
    // 50 is exactly half of 100, not more: the big partner needs a partner.
    expect(powers([50, 49, 1])).toEqual([0.6, 0.2, 0.2]);
    // A quota of 99 needs both big partners, and the small one never matters.
    expect(powers([50, 49, 1], 99)).toEqual([0.5, 0.5, 0]);
    // A fractional quota with whole weights: 99.5 means all 100, so everyone is needed.
    expect(powers([50, 49, 1], 99.5)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(powers([51, 48, 1])).toEqual([1, 0, 0]);
  });

  it('POWER-2: "more than half" and "at least the quota" are told apart by who can pass and block alone', () => {
    // Banzhaf power is the same for a quota q and for total − q + 1, so the flags are what shows the quota.
    const flags = (ws: number[], quota?: number) => banzhafPower(weighted(...ws), quota).map((p) => [p.canPassAlone, p.canBlockAlone]);
    // Whole weights (counting table): 50 of 100 is not more than half, but it meets a quota of 50 (as do the others).
    expect(flags([50, 49, 1])).toEqual([[false, true], [false, false], [false, false]]);
    expect(flags([50, 49, 1], 50)).toEqual([[true, false], [false, false], [false, false]]);
    // A quota of 99: nobody passes alone, the two big partners each block, the small one does not.
    expect(flags([50, 49, 1], 99)).toEqual([[false, true], [false, true], [false, false]]);
    // Fractional weights (enumerated): 25 of 50 is not more than half; with a quota of 25 it passes alone.
    expect(flags([25, 24.5, 0.5])).toEqual([[false, true], [false, false], [false, false]]);
    expect(flags([25, 24.5, 0.5], 25)).toEqual([[true, false], [false, false], [false, false]]);
  });

  it('POWER-3: symmetric weights give equal power', () => {
    expect(powers([1, 1, 1])).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(powers([7, 7, 7, 7])).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(powers([2.5, 2.5])).toEqual([0.5, 0.5]);
  });

  it('POWER-4: flags who can pass alone, who can block alone and who has weight but no power', () => {
    const [big, mid, small] = banzhafPower(weighted(51, 48, 1));
    expect(big).toMatchObject({ canPassAlone: true, canBlockAlone: true, isDummy: false });
    expect(mid).toMatchObject({ canPassAlone: false, canBlockAlone: false, isDummy: true });
    expect(small).toMatchObject({ canPassAlone: false, canBlockAlone: false, isDummy: true });
    // At exactly half, a partner cannot pass alone but the others cannot exceed half without it.
    const [half, other] = banzhafPower(weighted(50, 50));
    expect(half).toMatchObject({ canPassAlone: false, canBlockAlone: true });
    expect(other).toMatchObject({ canPassAlone: false, canBlockAlone: true });
    // A zero-weight partner is not a dummy: it has nothing to lose.
    const zero = banzhafPower(weighted(2, 1, 0));
    expect(zero[2]).toMatchObject({ power: 0, isDummy: false });
  });

  it('POWER-1: when no coalition can win, nobody has power', () => {
    expect(powers([1, 1], 3)).toEqual([0, 0]);
    expect(banzhafPower([])).toEqual([]);
  });

  it('POWER-1: the counting table and enumeration agree (seeded random weights)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = seeded(seed);
      const n = 1 + Math.floor(rand() * 9);
      const ws = Array.from({ length: n }, () => Math.floor(rand() * 12));
      ws[0] = 2 * Math.floor(rand() * 6) + 1; // one odd weight makes the halves fractional
      const byTable = powers(ws);
      const byEnumeration = powers(ws.map((w) => w / 2));
      byTable.forEach((p, i) => expect(p, `seed ${seed}, weights ${ws.join(',')}`).toBeCloseTo(byEnumeration[i]!, 12));
    }
  });

  it('POWER-1: many partners with whole-number weights are counted exactly', () => {
    const ws = Array.from({ length: 40 }, () => 1);
    const r = powers(ws);
    for (const p of r) expect(p).toBeCloseTo(1 / 40, 12);
    const mixed = powers([...Array.from({ length: 30 }, () => 1), 40]);
    // The 40-weight partner: 70 total, 36 to win; it is pivotal more often than any 1-weight partner.
    expect(mixed[30]!).toBeGreaterThan(mixed[0]! * 30);
  });

  it('POWER-1: more than 20 partners with fractional weights are counted on scaled whole weights', () => {
    expect(powers(Array.from({ length: 21 }, () => 1.5))[0]).toBeCloseTo(1 / 21, 12);
    expect(powers(Array.from({ length: 16 }, () => 1.5))[0]).toBeCloseTo(1 / 16, 12);
    // 25.5 of 45.5 total is more than half: that partner passes alone and the others have no power.
    const dominant = powers([25.5, ...Array.from({ length: 20 }, () => 1)]);
    expect(dominant[0]).toBe(1);
    expect(dominant.slice(1).every((p) => p === 0)).toBe(true);
  });

  it('POWER-1: more than 20 partners with fractional weights and an explicit quota: the quota is scaled with the weights', () => {
    // Two partners of 10.5 and 19 of 0.5 (30 in all): a quota of 21 needs both big partners, the small ones never matter.
    const ws = [10.5, 10.5, ...Array.from({ length: 19 }, () => 0.5)];
    const r = powers(ws, 21);
    expect(r.slice(0, 2)).toEqual([0.5, 0.5]);
    expect(r.slice(2).every((p) => p === 0)).toBe(true);
    // A quota of 11: either big partner with at least one small one, or both big ones; the same as enumerating the
    // first 16 (partners without weight change nobody's share). 16, not 20: 2^20 coalitions are too slow under mutation testing.
    const sixteen = powers(ws.slice(0, 16), 11);
    const sixteenScaled = powers([...ws.slice(0, 16), 0, 0, 0, 0, 0], 11);
    expect(sixteen[0]).toBeGreaterThan(sixteen[2]!);
    expect(sixteen[2]).toBeGreaterThan(0);
    sixteen.forEach((p, i) => expect(sixteenScaled[i]!).toBeCloseTo(p, 12));
  });

  it('POWER-5: a partner that can pass alone brings a suggestion of minority protection for the others', () => {
    const ps = [
      partner('big', { name: 'BigCo', votingWeight: 60 }),
      partner('a', { name: 'Alpha', votingWeight: 30 }),
      partner('b', { name: 'Beta', votingWeight: 10, minorityProtected: true }),
    ];
    const w = powerWarnings(ps);
    expect(w.map((x) => [x.kind, x.partnerId])).toEqual([
      ['can-pass-alone', 'big'],
      ['no-power', 'a'],
      ['no-power', 'b'],
    ]);
    expect(w[0]!.message).toBe(
      'BigCo can pass weighted-majority decisions alone. Consider minority protection (a veto on critical decisions) for Alpha.',
    );
  });

  it('POWER-6: a single blocker is named; when everyone can block it says weighted majority acts as consensus', () => {
    const blocker = powerWarnings([
      partner('a', { votingWeight: 50 }),
      partner('b', { votingWeight: 30 }),
      partner('c', { votingWeight: 20 }),
    ]);
    expect(blocker.map((x) => [x.kind, x.partnerId])).toEqual([['can-block-alone', 'a']]);
    expect(powerWarnings([partner('a'), partner('b')]).map((x) => x.kind)).toEqual(['everyone-can-block']);
    expect(powerWarnings([partner('a'), partner('b'), partner('c')])).toEqual([]);
    expect(powerWarnings([partner('a')])).toEqual([]);
  });
});
