import { describe, it, expect } from 'vitest';
import { checkinAverages, checkinGaps, checkinTimeline, latestCheckins } from './checkins.ts';
import { T0, checkin, days, scores } from './testAlliance.ts';

describe('check-ins', () => {
  const log = [
    checkin('1', 'a', { at: T0, scores: scores(4) }),
    checkin('2', 'a', { at: T0 + days(10), scores: scores(2, { momentum: 5 }) }),
    checkin('3', 'b', { at: T0 + days(5), scores: scores(3) }),
  ];

  it('CHECK-1: averages per dimension for the alliance and per partner, within the window', () => {
    const all = checkinAverages(log);
    expect(all.count).toBe(3);
    expect(all.alliance).toEqual({ openness: 3, reliability: 3, fairness: 3, momentum: 4 });
    expect(all.byPartner.get('a')).toEqual({ openness: 3, reliability: 3, fairness: 3, momentum: 4.5 });
    expect([...all.byPartner.keys()]).toEqual(['a', 'b']);
    const early = checkinAverages(log, { from: T0, to: T0 + days(5) }); // both ends inclusive
    expect(early.count).toBe(2);
    expect(early.alliance.openness).toBe(3.5);
    expect(checkinAverages([]).alliance).toEqual({ openness: null, reliability: null, fairness: null, momentum: null });
  });

  it('CHECK-2: the timeline averages each period; a check-in on a boundary falls in the later period', () => {
    const periods = checkinTimeline(log, { from: T0, to: T0 + days(10), bucket: days(5) });
    expect(periods.map((p) => [p.from, p.to, p.averages.count])).toEqual([
      [T0, T0 + days(5), 1],
      [T0 + days(5), T0 + days(10), 2], // the last period includes `to`
    ]);
    expect(periods[1]!.averages.byPartner.get('b')?.fairness).toBe(3);
    expect(() => checkinTimeline(log, { from: T0, to: T0 + 1, bucket: 0 })).toThrow(RangeError);
    expect(checkinTimeline(log, { from: T0, to: T0, bucket: days(1) })).toHaveLength(1);
  });

  it("CHECK-3: each partner's latest check-in is the one with the latest time, ties broken by id", () => {
    const tied = [...log, checkin('0', 'b', { at: T0 + days(5), scores: scores(1) })];
    expect(latestCheckins(tied).map((c) => c.id)).toEqual(['2', '3']);
    expect(latestCheckins([...tied].reverse()).map((c) => c.id)).toEqual(['2', '3']);
  });

  it("CHECK-4: the gap is the spread of partners' latest scores per dimension, flagged at 2 or more", () => {
    const gaps = checkinGaps([...log, checkin('4', 'c', { at: T0, scores: scores(4, { fairness: 1 }) })]);
    // latest: a = 2,2,2,5; b = 3,3,3,3; c = 4,4,1,4
    expect(gaps).toEqual([
      { dimension: 'openness', spread: 2, high: { partnerId: 'c', score: 4 }, low: { partnerId: 'a', score: 2 }, flagged: true },
      { dimension: 'reliability', spread: 2, high: { partnerId: 'c', score: 4 }, low: { partnerId: 'a', score: 2 }, flagged: true },
      { dimension: 'fairness', spread: 2, high: { partnerId: 'b', score: 3 }, low: { partnerId: 'c', score: 1 }, flagged: true },
      { dimension: 'momentum', spread: 2, high: { partnerId: 'a', score: 5 }, low: { partnerId: 'b', score: 3 }, flagged: true },
    ]);
    const close = checkinGaps([checkin('1', 'a', { scores: scores(3) }), checkin('2', 'b', { scores: scores(4) })]);
    expect(close.every((g) => g.spread === 1 && !g.flagged)).toBe(true);
    expect(checkinGaps([checkin('1', 'a')])[0]).toMatchObject({ spread: 0, flagged: false });
    expect(checkinGaps([])[0]).toEqual({ dimension: 'openness', spread: 0, high: null, low: null, flagged: false });
  });
});
