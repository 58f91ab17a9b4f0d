/**
 * The method's edges that the rule tests leave loose: ordering ties, timeline bounds, averages that skip a bad score,
 * trust log ordering and the wording of power warnings. Each case sits where a bound moved by one would show.
 */
import { describe, expect, it } from 'vitest';
import { checkinAverages, checkinGaps, checkinTimeline, latestCheckins, MAX_CHECKIN_PERIODS } from './checkins.ts';
import { compareKeys, compareText } from './order.ts';
import { banzhafPower, powerWarnings } from './votingPower.ts';
import { effectiveTrustEntries, freeRiders, MAX_TIMELINE_POINTS, trustTimeline, trustTotalsByKind } from './trust.ts';
import { T0, checkin, commitment, days, partner, scores, trustEntry } from './testAlliance.ts';

describe('ordering', () => {
  it('ORDER-1: text by code unit; tuples left to right, numbers as numbers, a shorter prefix first', () => {
    expect([compareText('a', 'b'), compareText('b', 'a'), compareText('a', 'a'), compareText('B', 'a')]).toEqual([-1, 1, 0, -1]);
    expect(compareKeys([2, 'x'], [10, 'a'])).toBe(-1);
    expect(compareKeys([10, 'a'], [2, 'x'])).toBe(1);
    expect(compareKeys([1, 'b'], [1, 'a'])).toBe(1);
    expect(compareKeys([1, 'a'], [1, 'b'])).toBe(-1);
    // A number against text compares as text: '10' < '9'.
    expect(compareKeys([10], ['9'])).toBe(-1);
    expect(compareKeys(['9'], [10])).toBe(1);
    expect(compareKeys([1], [1, 'a'])).toBeLessThan(0);
    expect(compareKeys([1, 'a'], [1])).toBeGreaterThan(0);
    expect(compareKeys([1, 'a'], [1, 'a'])).toBe(0);
    expect(compareKeys([], [])).toBe(0);
  });
});

describe('check-ins', () => {
  it('CHECK-1: a window is inclusive at both ends; a score that is not a number is skipped; partners come in id order', () => {
    const list = [
      checkin('1', 'b', { at: T0, scores: scores(4) }),
      checkin('2', 'a', { at: T0 + days(10), scores: scores(2, { momentum: Number.NaN }) }),
      checkin('3', 'a', { at: T0 + days(11), scores: scores(5) }),
    ];
    const r = checkinAverages(list, { from: T0, to: T0 + days(10) });
    expect(r.count).toBe(2);
    expect(r.alliance).toEqual({ openness: 3, reliability: 3, fairness: 3, momentum: 4 });
    expect([...r.byPartner.keys()]).toEqual(['a', 'b']);
    expect(r.byPartner.get('a')).toEqual({ openness: 2, reliability: 2, fairness: 2, momentum: null });
    expect(checkinAverages([]).alliance).toEqual({ openness: null, reliability: null, fairness: null, momentum: null });
    // A check-in a moment before the window is outside it.
    expect(checkinAverages(list, { from: T0 + 1, to: T0 + days(10) }).count).toBe(1);
  });

  it('CHECK-2, CHECK-5: periods are [start, start + bucket), the last includes `to`; absurd requests are refused', () => {
    const list = [checkin('1', 'a', { at: T0 + days(1), scores: scores(1) }), checkin('2', 'a', { at: T0 + days(2), scores: scores(5) })];
    const periods = checkinTimeline(list, { from: T0, to: T0 + days(2), bucket: days(1) });
    expect(periods.map((p) => [p.from, p.to, p.averages.count])).toEqual([
      [T0, T0 + days(1), 0],
      [T0 + days(1), T0 + days(2), 2],
    ]);
    // The last period ends at `to`: a check-in just after it is in no period.
    expect(checkinTimeline(list, { from: T0, to: T0 + days(2) - 1, bucket: days(1) }).map((p) => p.averages.count)).toEqual([0, 1]);
    expect(checkinTimeline(list, { from: T0, to: T0, bucket: days(1) }).map((p) => [p.from, p.to])).toEqual([[T0, T0]]);
    expect(() => checkinTimeline(list, { from: T0, to: T0 + 1, bucket: 0 })).toThrow(new RangeError('checkinTimeline: bucket must be > 0 ms'));
    expect(() => checkinTimeline(list, { from: T0, to: T0 - 1, bucket: 1 })).toThrow(new RangeError('checkinTimeline: to must not be before from'));
    expect(checkinTimeline(list, { from: T0, to: T0 + MAX_CHECKIN_PERIODS, bucket: 1 })).toHaveLength(MAX_CHECKIN_PERIODS);
    expect(() => checkinTimeline(list, { from: T0, to: T0 + MAX_CHECKIN_PERIODS + 1, bucket: 1 })).toThrow(
      new RangeError('checkinTimeline: too many periods; use a larger bucket'),
    );
  });

  it('CHECK-3, CHECK-4: the latest check-in wins (a tie by the larger id); the gap names the first partner at each extreme', () => {
    const list = [
      checkin('b2', 'a', { at: T0, scores: scores(1) }),
      checkin('b1', 'a', { at: T0, scores: scores(5) }),
      checkin('c1', 'b', { at: T0, scores: scores(3, { momentum: Number.NaN }) }),
      checkin('d1', 'c', { at: T0, scores: scores(3) }),
    ];
    expect(latestCheckins(list).map((c) => c.id)).toEqual(['b2', 'c1', 'd1']);
    const [openness, , , momentum] = checkinGaps(list);
    expect(openness).toEqual({ dimension: 'openness', spread: 2, high: { partnerId: 'b', score: 3 }, low: { partnerId: 'a', score: 1 }, flagged: true });
    expect(momentum).toEqual({ dimension: 'momentum', spread: 2, high: { partnerId: 'c', score: 3 }, low: { partnerId: 'a', score: 1 }, flagged: true });
    expect(checkinGaps([])[0]).toEqual({ dimension: 'openness', spread: 0, high: null, low: null, flagged: false });
  });

  it('CHECK-4: partners tied at the low end name the first of them; a first partner with no valid score is skipped, not compared', () => {
    const list = [
      checkin('a1', 'a', { at: T0, scores: scores(1, { momentum: Number.NaN }) }),
      checkin('b1', 'b', { at: T0, scores: scores(1) }),
      checkin('c1', 'c', { at: T0, scores: scores(4) }),
    ];
    const [openness, , , momentum] = checkinGaps(list);
    expect(openness).toEqual({ dimension: 'openness', spread: 3, high: { partnerId: 'c', score: 4 }, low: { partnerId: 'a', score: 1 }, flagged: true });
    expect(momentum).toEqual({ dimension: 'momentum', spread: 3, high: { partnerId: 'c', score: 4 }, low: { partnerId: 'b', score: 1 }, flagged: true });
  });
});

describe('trust', () => {
  it('TRUST-3: an entry of a kind this version does not know is skipped', () => {
    const totals = trustTotalsByKind([trustEntry('1', 'a', { kind: 'future-kind' as never, points: 9 }), trustEntry('2', 'a')]);
    expect(totals['contribution-acknowledged']).toEqual({ count: 1, points: 1 });
    expect(Object.values(totals).reduce((s, t) => s + t.points, 0)).toBe(1);
  });

  it('TRUST-4, TRUST-9: the timeline takes entries in time order and refuses absurd requests', () => {
    const entries = [trustEntry('2', 'b', { at: T0 + days(2), points: 2 }), trustEntry('1', 'a', { at: T0 + days(1), points: 1 }), trustEntry('3', 'gone', { at: T0, points: 4 })];
    expect(trustTimeline(entries, [partner('a'), partner('b')], { from: T0, to: T0 + days(2), bucket: days(1) })).toEqual({
      at: [T0, T0 + days(1), T0 + days(2)],
      alliance: [4, 5, 7],
      partners: [
        { partnerId: 'a', balances: [0, 1, 1] },
        { partnerId: 'b', balances: [0, 0, 2] },
      ],
    });
    expect(() => trustTimeline([], [], { from: T0, to: T0 + 1, bucket: 0 })).toThrow(new RangeError('trustTimeline: bucket must be > 0 ms'));
    expect(() => trustTimeline([], [], { from: T0, to: T0 - 1, bucket: 1 })).toThrow(new RangeError('trustTimeline: to must not be before from'));
    expect(trustTimeline([], [], { from: T0, to: T0 + MAX_TIMELINE_POINTS - 1, bucket: 1 }).at).toHaveLength(MAX_TIMELINE_POINTS);
    expect(() => trustTimeline([], [], { from: T0, to: T0 + MAX_TIMELINE_POINTS, bucket: 1 })).toThrow(new RangeError('trustTimeline: too many points; use a larger bucket'));
  });

  it('TRUST-5: only a deposit with points, or a delivered commitment, is a contribution; the latest one is reported', () => {
    const now = T0 + days(200);
    const old = { joinedAt: T0 };
    const snapshot = {
      partners: [partner('a', old), partner('b', old), partner('c', old), partner('d', old)],
      trust: [
        trustEntry('1', 'a', { kind: 'transparency', points: 0, at: now - days(1) }),
        trustEntry('2', 'b', { kind: 'breach', points: -5, at: now - days(1) }),
        trustEntry('3', 'c', { kind: 'transparency', points: 2, at: now - days(100) }),
        trustEntry('4', 'c', { kind: 'transparency', points: 2, at: now - days(120) }),
      ],
      commitments: [commitment('x', 'd', { status: 'missed', resolvedAt: now - days(1) }), commitment('y', 'c', { status: 'delivered', resolvedAt: null })],
    };
    expect(freeRiders(snapshot, now)).toEqual([
      { partnerId: 'a', lastContributionAt: null },
      { partnerId: 'b', lastContributionAt: null },
      { partnerId: 'c', lastContributionAt: now - days(100) },
      { partnerId: 'd', lastContributionAt: null },
    ]);
  });

  it('TRUST-8: of two entries for one commitment, the earlier counts (at a tie, the smaller id), and the log keeps its order', () => {
    const delivered = [commitment('k', 'a', { status: 'delivered' })];
    const late = trustEntry('a-late', 'a', { kind: 'commitment-delivered', points: 3, commitmentId: 'k', at: T0 + 5 });
    const early = trustEntry('z-early', 'a', { kind: 'commitment-delivered', points: 3, commitmentId: 'k', at: T0 + 1 });
    const plain = trustEntry('p', 'a', { at: T0 + 9 });
    expect(effectiveTrustEntries([plain, late, early], delivered)).toEqual([plain, early]);
    const tieB = trustEntry('b', 'a', { kind: 'commitment-delivered', points: 3, commitmentId: 'k', at: T0 });
    const tieA = trustEntry('a', 'a', { kind: 'commitment-delivered', points: 3, commitmentId: 'k', at: T0 });
    expect(effectiveTrustEntries([tieB, tieA], delivered)).toEqual([tieA]);
    const missed = trustEntry('m', 'a', { kind: 'deadline-missed', points: -3, commitmentId: 'k', at: T0 });
    expect(effectiveTrustEntries([tieA, missed], [commitment('k', 'a', { status: 'missed' })])).toEqual([missed]);
    expect(effectiveTrustEntries([tieA, missed], [commitment('k', 'a', { status: 'cancelled' })])).toEqual([]);
  });
});

describe('voting power', () => {
  const named = (...ws: [string, number, boolean?][]) => ws.map(([id, w, p]) => partner(id, { votingWeight: w, minorityProtected: p ?? false }));

  it('POWER-5, POWER-6: every warning in its words', () => {
    expect(powerWarnings(named(['a', 60], ['b', 30], ['c', 10]))).toEqual([
      { kind: 'can-pass-alone', partnerId: 'a', message: 'A can pass weighted-majority decisions alone. Consider minority protection (a veto on critical decisions) for B, C.' },
      { kind: 'no-power', partnerId: 'b', message: 'B has voting weight but no say: no majority ever needs its vote. Rebalance the weights or give it minority protection.' },
      { kind: 'no-power', partnerId: 'c', message: 'C has voting weight but no say: no majority ever needs its vote. Rebalance the weights or give it minority protection.' },
    ]);
    expect(powerWarnings(named(['a', 60], ['b', 40, true]))[0]!.message).toBe(
      'A can pass weighted-majority decisions alone. The other partners are minority-protected, so they can still veto critical decisions.',
    );
    expect(powerWarnings(named(['a', 1], ['b', 1]))).toEqual([{ kind: 'everyone-can-block', partnerId: null, message: 'Every partner can block alone: weighted majority works like consensus here.' }]);
    expect(powerWarnings(named(['a', 50], ['b', 30], ['c', 20]))).toEqual([
      {
        kind: 'can-block-alone',
        partnerId: 'a',
        message: 'A can block any weighted-majority decision alone. Agree on which decisions it may block, or consider minority protection for the others.',
      },
    ]);
    // A partner without a name is named by its id.
    expect(powerWarnings([{ ...partner('x', { votingWeight: 3 }), name: '' }, partner('y')])[0]!.message.startsWith('x can pass')).toBe(true);
    expect(powerWarnings(named(['a', 1]))).toEqual([]);
  });

  it('POWER-1: partners without weight are counted in the table and never swing; a quota of zero gives nobody power', () => {
    const r = banzhafPower(named(['a', 2], ['b', 1], ['c', 0], ['d', 1]), 3);
    expect(r.map((p) => p.swings)).toEqual([6, 2, 0, 2]);
    expect(banzhafPower(named(['a', 2], ['b', 1]), 0).map((p) => p.power)).toEqual([0, 0]);
    // Whole weights above the table's cap are enumerated instead, with the same answer.
    expect(banzhafPower(named(['a', 500_000], ['b', 300_000], ['c', 300_000])).map((p) => p.power)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});
