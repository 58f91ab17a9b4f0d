import { describe, it, expect } from 'vitest';
import { TRUST_DEPOSIT_KINDS, TRUST_WITHDRAWAL_KINDS, type TrustEntry } from '../schema.ts';
import { WEEK_MS } from './calendar.ts';
import {
  DEFAULT_TRUST_POINTS,
  effectiveTrustEntries,
  allianceTrustBalance,
  freeRiders,
  isDeposit,
  trustBalances,
  trustEntryForCommitment,
  trustTimeline,
  trustTotalsByKind,
  trustTrend,
} from './trust.ts';
import { T0, commitment, days, partner, testAlliance, trustEntry } from './testAlliance.ts';

describe('trust account', () => {
  it('TRUST-1: deposit kinds default to positive points, withdrawal kinds to negative', () => {
    for (const k of TRUST_DEPOSIT_KINDS) {
      expect(DEFAULT_TRUST_POINTS[k]).toBeGreaterThan(0);
      expect(isDeposit(k)).toBe(true);
    }
    for (const k of TRUST_WITHDRAWAL_KINDS) {
      expect(DEFAULT_TRUST_POINTS[k]).toBeLessThan(0);
      expect(isDeposit(k)).toBe(false);
    }
    expect(DEFAULT_TRUST_POINTS.breach).toBeLessThan(DEFAULT_TRUST_POINTS['deadline-missed']);
  });

  it('TRUST-2: balances sum signed points per acting partner; the alliance balance sums all', () => {
    const entries = [
      trustEntry('1', 'a', { points: 3 }),
      trustEntry('2', 'a', { points: -10, kind: 'breach' }),
      trustEntry('3', 'b', { points: 2, toward: 'a' }),
      trustEntry('4', 'gone', { points: 4 }),
    ];
    const b = trustBalances(entries);
    expect(b.get('a')).toBe(-7);
    expect(b.get('b')).toBe(2);
    expect(b.get('gone')).toBe(4);
    expect(b.size).toBe(3);
    expect(allianceTrustBalance(entries)).toBe(-1);
    expect(trustBalances([]).size).toBe(0);
  });

  it('TRUST-2: a partner id like __proto__ is just another key', () => {
    const b = trustBalances([trustEntry('1', '__proto__', { points: 5 })]);
    expect(b.get('__proto__')).toBe(5);
  });

  it('TRUST-3: totals by kind list every kind, with counts and points', () => {
    const t = trustTotalsByKind([
      trustEntry('1', 'a', { kind: 'transparency', points: 2 }),
      trustEntry('2', 'b', { kind: 'transparency', points: 3 }),
      trustEntry('3', 'b', { kind: 'breach', points: -10 }),
    ]);
    expect(t.transparency).toEqual({ count: 2, points: 5 });
    expect(t.breach).toEqual({ count: 1, points: -10 });
    expect(t['deadline-missed']).toEqual({ count: 0, points: 0 });
    expect(Object.keys(t)).toHaveLength(TRUST_DEPOSIT_KINDS.length + TRUST_WITHDRAWAL_KINDS.length);
  });

  it('TRUST-4: the timeline is cumulative, includes entries before `from`, and ends exactly at `to`', () => {
    const entries = [
      trustEntry('0', 'a', { at: T0 - days(1), points: 10 }),
      trustEntry('1', 'a', { at: T0 + days(3), points: 2 }),
      trustEntry('2', 'b', { at: T0 + days(7), points: -1 }), // exactly on a bucket end: included there
      trustEntry('3', 'x', { at: T0 + days(8), points: 5 }), // not a listed partner: alliance only
      trustEntry('4', 'a', { at: T0 + days(30), points: 100 }), // after `to`
    ];
    const tl = trustTimeline(entries, [partner('a'), partner('b')], { from: T0, to: T0 + days(10), bucket: WEEK_MS });
    expect(tl.at).toEqual([T0, T0 + days(7), T0 + days(10)]);
    expect(tl.alliance).toEqual([10, 11, 16]);
    expect(tl.partners).toEqual([
      { partnerId: 'a', balances: [10, 12, 12] },
      { partnerId: 'b', balances: [0, -1, -1] },
    ]);
  });

  it('TRUST-4: a timeline whose span is a whole number of buckets does not repeat the last instant', () => {
    const tl = trustTimeline([], [], { from: T0, to: T0 + days(14), bucket: WEEK_MS });
    expect(tl.at).toEqual([T0, T0 + days(7), T0 + days(14)]);
    expect(trustTimeline([], [], { from: T0, to: T0, bucket: WEEK_MS }).at).toEqual([T0]);
  });

  it('TRUST-4: a zero bucket, a reversed range or too many points is refused', () => {
    expect(() => trustTimeline([], [], { from: T0, to: T0 + 1, bucket: 0 })).toThrow(RangeError);
    expect(() => trustTimeline([], [], { from: T0 + 1, to: T0, bucket: 1 })).toThrow(RangeError);
    expect(() => trustTimeline([], [], { from: T0, to: T0 + days(365), bucket: 1000 })).toThrow(RangeError);
  });

  it('TRUST-5: free riders are active partners past N weeks with no deposit or delivery in the last N weeks', () => {
    const now = T0 + days(100);
    const windowStart = now - 8 * WEEK_MS;
    const snap = testAlliance({
      partners: [
        partner('idle'), // joined long ago, nothing recent
        partner('depositor'),
        partner('deliverer'),
        partner('newcomer', { joinedAt: windowStart }), // joined exactly N weeks ago: not "more than"
        partner('leaving', { status: 'exiting' }),
        partner('edge'), // deposit exactly at the window start counts
        partner('withdrawer'), // only a withdrawal in the window
        partner('olddeliverer'),
      ],
      trust: [
        trustEntry('1', 'idle', { at: windowStart - 1, points: 2 }),
        trustEntry('2', 'depositor', { at: now - days(1), points: 2 }),
        trustEntry('3', 'edge', { at: windowStart, points: 1 }),
        trustEntry('4', 'withdrawer', { at: now - days(1), kind: 'breach', points: -10 }),
      ],
      commitments: [
        commitment('c1', 'deliverer', { status: 'delivered', resolvedAt: now - days(3) }),
        commitment('c2', 'olddeliverer', { status: 'delivered', resolvedAt: windowStart - days(1) }),
        commitment('c3', 'idle', { status: 'missed', resolvedAt: now - days(1) }),
      ],
    });
    expect(freeRiders(snap, now)).toEqual([
      { partnerId: 'idle', lastContributionAt: windowStart - 1 },
      { partnerId: 'olddeliverer', lastContributionAt: windowStart - days(1) },
      { partnerId: 'withdrawer', lastContributionAt: null },
    ]);
    // A one-week window: the newcomer now counts as established, the edge deposit is too old.
    expect(freeRiders(snap, now, 1).map((f) => f.partnerId)).toEqual([
      'edge',
      'idle',
      'newcomer',
      'olddeliverer',
      'withdrawer',
    ]);
  });

  it('TRUST-6: delivering a commitment records a commitment-delivered deposit, missing it a deadline-missed withdrawal', () => {
    const c = commitment('c1', 'a', { text: 'Send the market study' });
    expect(trustEntryForCommitment(c, 'delivered', { at: T0 + 5, by: 'Ana' })).toEqual({
      at: T0 + 5,
      by: 'Ana',
      partnerId: 'a',
      toward: null,
      kind: 'commitment-delivered',
      points: DEFAULT_TRUST_POINTS['commitment-delivered'],
      note: 'Delivered: Send the market study',
      commitmentId: 'c1',
      recordedBy: null,
    });
    const missed = trustEntryForCommitment(c, 'missed', { at: T0 + 6, by: 'Ben' });
    expect(missed.kind).toBe('deadline-missed');
    expect(missed.points).toBe(-3);
    expect(missed.commitmentId).toBe('c1');
    expect(missed).not.toHaveProperty('id');
  });

  it('TRUST-7: the trend compares net points in the last N days with the N days before, window ends inclusive', () => {
    const now = T0 + days(200);
    const entries = [
      trustEntry('1', 'a', { at: now, points: 3 }), // current (inclusive end)
      trustEntry('2', 'a', { at: now - days(90) + 1, points: 2 }), // current (just inside)
      trustEntry('3', 'a', { at: now - days(90), points: -4 }), // previous (boundary belongs to the older window)
      trustEntry('4', 'a', { at: now - days(180) + 1, points: 1 }), // previous
      trustEntry('5', 'a', { at: now - days(180), points: 50 }), // outside both
      trustEntry('6', 'a', { at: now + 1, points: 50 }), // future: ignored
    ];
    expect(trustTrend(entries, now)).toEqual({ current: 5, previous: -3, delta: 8, direction: 'up', entries: 4 });
    expect(trustTrend(entries, now, 30).direction).toBe('up');
    expect(trustTrend([trustEntry('1', 'a', { at: now - days(100), points: 3 })], now).direction).toBe('down');
    expect(trustTrend([], now)).toEqual({ current: 0, previous: 0, delta: 0, direction: 'flat', entries: 0 });
  });
});

describe('effective trust log', () => {
  const entry = (id: string, at: number, kind: TrustEntry['kind'], commitmentId: string | null): TrustEntry => ({
    id, at, by: 'x', partnerId: 'p1', toward: null, kind, points: DEFAULT_TRUST_POINTS[kind], note: '', commitmentId, recordedBy: null,
  });

  it('TRUST-8: a commitment resolved on two devices at once counts once, as its merged status says', () => {
    const entries = [
      entry('a', 10, 'commitment-delivered', 'c1'),
      entry('b', 10, 'deadline-missed', 'c1'),
      entry('c', 12, 'commitment-delivered', 'c1'),
      entry('d', 11, 'transparency', null),
      entry('e', 13, 'commitment-delivered', 'c2'),
    ];
    const effective = effectiveTrustEntries(entries, [
      { id: 'c1', status: 'delivered' },
      { id: 'c2', status: 'cancelled' },
    ]);
    expect(effective.map((e) => e.id)).toEqual(['a', 'd']);
    expect(effectiveTrustEntries(entries, [{ id: 'c1', status: 'missed' }]).map((e) => e.id)).toEqual(['b', 'd']);
  });
});
