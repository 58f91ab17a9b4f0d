/** The health reasons' words at their edges: one of a thing, both sides of a trend, partial data (HEALTH-2 .. HEALTH-6). */
import { describe, expect, it } from 'vitest';
import type { AllianceSnapshot, CheckInScores } from '../schema.ts';
import { allianceHealth, type HealthFactor } from './health.ts';
import { T0, checkin, commitment, days, meta, partner, review, scores, testAlliance, trustEntry } from './testAlliance.ts';

const NOW = T0 + days(30);
const ab = [partner('a'), partner('b')];
const reason = (snap: AllianceSnapshot, factor: HealthFactor, now = NOW) => allianceHealth(snap, now).reasons.find((r) => r.factor === factor)!;

describe('alliance health, in words', () => {
  it('HEALTH-2: a gain in the 90 days before is shown with its sign', () => {
    const snap = testAlliance({ partners: ab, trust: [trustEntry('t1', 'a', { at: NOW - days(1), points: 7 }), trustEntry('t2', 'a', { at: NOW - days(100), points: 5 })] });
    expect(reason(snap, 'trust-trend').text).toBe('Trust grew by 7 points in the last 90 days (the 90 days before: +5).');
  });

  it('HEALTH-3: a score a check-in lacks is left out of the average; with none at all, the average is the neutral 3', () => {
    const partial = { openness: 5, reliability: 5, fairness: 5 } as unknown as CheckInScores;
    const some = testAlliance({ partners: ab, checkins: [checkin('1', 'a', { at: NOW - days(1), scores: partial })] });
    expect(reason(some, 'check-ins')).toMatchObject({ effect: 20, text: 'The latest check-ins average 5.0 of 5.' });
    const none = testAlliance({ partners: ab, checkins: [checkin('1', 'a', { at: NOW - days(1), scores: {} as CheckInScores })] });
    expect(reason(none, 'check-ins')).toMatchObject({ effect: 0, text: 'The latest check-ins average 3.0 of 5.' });
  });

  it('HEALTH-3: every dimension seen very differently is named', () => {
    const split = testAlliance({
      partners: ab,
      checkins: [checkin('1', 'a', { at: NOW, scores: scores(3, { openness: 5, fairness: 5 }) }), checkin('2', 'b', { at: NOW, scores: scores(3, { openness: 1, fairness: 1 }) })],
    });
    expect(reason(split, 'check-ins').text).toBe('The latest check-ins average 3.0 of 5. Partners see openness, fairness very differently: talk about why.');
  });

  it('HEALTH-4: one resolved and one overdue commitment read in the singular, both sentences in turn', () => {
    const snap = testAlliance({ commitments: [commitment('1', 'a', { status: 'delivered', resolvedAt: T0 }), commitment('2', 'a', { dueAt: NOW - 1 })] });
    expect(reason(snap, 'commitments').text).toBe('1 of 1 resolved commitment was delivered. 1 open commitment is overdue: deliver, or say so early.');
  });

  it('HEALTH-6: with no start date and no review the schedule has no date yet, and says how to start it', () => {
    expect(reason(testAlliance({ meta: meta({ createdAt: 0 }) }), 'review')).toEqual({
      factor: 'review',
      effect: 0,
      text: 'The alliance has no start date, so the first realignment review (every 6 months) has no date yet: hold one to start the schedule.',
    });
  });

  it('HEALTH-6: overdue by less than a day says no number of days; on schedule says when, in days', () => {
    const due = Date.UTC(2025, 6, 1);
    expect(reason(testAlliance(), 'review', due + 1).text).toBe('The realignment review (every 6 months) is overdue. Hold it to reassess strategic fit.');
    const held = testAlliance({ reviews: [review('r', due)] });
    expect(reason(held, 'review', due + days(3)).text).toBe(`Realignment reviews are on schedule; the next is due in ${Math.ceil((Date.UTC(2026, 0, 1) - due - days(3)) / days(1))} days.`);
    expect(reason(held, 'review', Date.UTC(2026, 0, 1) - days(1)).text).toBe('Realignment reviews are on schedule; the next is due in 1 day.');
  });
});
