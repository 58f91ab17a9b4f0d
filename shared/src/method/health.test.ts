import { describe, it, expect } from 'vitest';
import type { AllianceSnapshot } from '../schema.ts';
import { allianceHealth, type HealthFactor } from './health.ts';
import { T0, charter, checkin, commitment, days, meta, partner, review, scores, testAlliance, trustEntry } from './testAlliance.ts';

const NOW = T0 + days(30);
const ab = [partner('a'), partner('b')];

function effect(snap: AllianceSnapshot, factor: HealthFactor, now = NOW): number {
  return allianceHealth(snap, now).reasons.find((r) => r.factor === factor)!.effect;
}

function text(snap: AllianceSnapshot, factor: HealthFactor, now = NOW): string {
  return allianceHealth(snap, now).reasons.find((r) => r.factor === factor)!.text;
}

/** The empty alliance plus `points` of trust recorded yesterday. */
function withTrust(points: number, over: Partial<AllianceSnapshot> = {}): AllianceSnapshot {
  return testAlliance({ partners: ab, trust: [trustEntry('t', 'a', { at: NOW - days(1), points })], ...over });
}

const FULL_CHARTER = charter(
  'Decisions by consensus.',
  'Escalation to the steering committee.',
  'Disputes go to mediation.',
  'Information is shared monthly.',
  'A notice period of 90 days.',
  'Shared assets are split evenly.',
  'No disparagement.',
  'Minority partners hold a veto.',
  'Force majeure applies.',
);

describe('alliance health', () => {
  it('HEALTH-1: a brand-new empty alliance gets a neutral score and reasons that teach what to do next', () => {
    const h = allianceHealth(testAlliance(), T0);
    expect(h.score).toBe(55);
    expect(h.level).toBe('not-enough-data');
    expect(h.reasons.map((r) => [r.factor, r.effect])).toEqual([
      ['trust-trend', 0],
      ['check-ins', 0],
      ['commitments', 0],
      ['charter-audit', -5],
      ['review', 0],
    ]);
    const all = h.reasons.map((r) => r.text).join('\n');
    expect(all).toContain('Record small deposits');
    expect(all).toContain('rate openness, reliability, fairness and momentum');
    expect(all).toContain('Agree a first small one each');
    expect(all).toContain('The charter covers 0 of 9 essentials. Still to write: how decisions are made;');
    expect(all).toContain('The first realignment review (every 6 months) is due in 181 days.');
  });

  it('HEALTH-8: a new alliance with the starting charter is not "healthy": there is not enough data until partners act together', () => {
    const templated = testAlliance({ partners: ab, charter: FULL_CHARTER });
    const h = allianceHealth(templated, NOW);
    expect(h.score).toBe(70);
    expect(h.level).toBe('not-enough-data');
    expect(h.reasons.map((r) => r.text).join('\n')).toContain('Record small deposits');
    // One trust entry, check-in or commitment is enough to judge.
    expect(allianceHealth(withTrust(1, { charter: FULL_CHARTER }), NOW).level).toBe('healthy');
    expect(allianceHealth(testAlliance({ partners: ab, charter: FULL_CHARTER, checkins: [checkin('c', 'a', { at: NOW - days(1), scores: scores(3) })] }), NOW).level).not.toBe('not-enough-data');
    expect(allianceHealth(testAlliance({ partners: ab, charter: FULL_CHARTER, commitments: [commitment('k', 'a', { dueAt: NOW + days(5) })] }), NOW).level).not.toBe('not-enough-data');
  });

  it('HEALTH-2: the trust trend adds the net points of the last 90 days, at most ±15', () => {
    expect(effect(withTrust(7), 'trust-trend')).toBe(7);
    expect(text(withTrust(7), 'trust-trend')).toBe('Trust grew by 7 points in the last 90 days (the 90 days before: 0).');
    expect(effect(withTrust(40), 'trust-trend')).toBe(15);
    expect(effect(withTrust(-30), 'trust-trend')).toBe(-15);
    expect(text(withTrust(-3), 'trust-trend')).toContain('Trust fell by 3 points');
    const old = testAlliance({ trust: [trustEntry('t', 'a', { at: NOW - days(91), points: 9 })] });
    expect(effect(old, 'trust-trend')).toBe(0);
    expect(text(old, 'trust-trend')).toContain('No change in trust in the last 90 days');
  });

  it("HEALTH-3: check-ins add (average − 3) × 10 from each present partner's latest recent check-in, less 2 per wide gap", () => {
    const snap = testAlliance({
      partners: [...ab, partner('gone', { status: 'exited' })],
      checkins: [
        checkin('1', 'a', { at: NOW - days(40), scores: scores(1) }), // superseded
        checkin('2', 'a', { at: NOW - days(1), scores: scores(4) }),
        checkin('3', 'b', { at: NOW - days(2), scores: scores(4, { momentum: 5 }) }),
        checkin('4', 'gone', { at: NOW - days(1), scores: scores(1) }), // exited: ignored
      ],
    });
    // average of 4,4,4,4,4,4,4,5 = 4.125 → round(11.25) = 11
    expect(effect(snap, 'check-ins')).toBe(11);
    expect(text(snap, 'check-ins')).toBe('The latest check-ins average 4.1 of 5.');
    const split = testAlliance({
      partners: ab,
      checkins: [
        checkin('1', 'a', { at: NOW, scores: scores(3, { openness: 5 }) }),
        checkin('2', 'b', { at: NOW, scores: scores(3, { openness: 1 }) }),
      ],
    });
    expect(effect(split, 'check-ins')).toBe(-2);
    expect(text(split, 'check-ins')).toContain('Partners see openness very differently');
  });

  it('HEALTH-3: check-ins older than 90 days cost 5 and ask for a new round', () => {
    const stale = testAlliance({ partners: ab, checkins: [checkin('1', 'a', { at: NOW - days(90), scores: scores(5) })] });
    expect(effect(stale, 'check-ins')).toBe(-5);
    expect(text(stale, 'check-ins')).toBe('No check-in in the last 90 days. Time for a new round.');
    const fresh = testAlliance({ partners: ab, checkins: [checkin('1', 'a', { at: NOW - days(90) + 1, scores: scores(5) })] });
    expect(effect(fresh, 'check-ins')).toBe(20);
  });

  it('HEALTH-3: a check-in dated after now (a device whose clock runs ahead) does not count yet', () => {
    const ahead = testAlliance({
      partners: ab,
      checkins: [checkin('1', 'a', { at: NOW - days(1), scores: scores(4) }), checkin('2', 'a', { at: NOW + days(1), scores: scores(1) })],
    });
    expect(effect(ahead, 'check-ins')).toBe(10);
    expect(effect(ahead, 'check-ins', NOW + days(1))).toBe(-20);
    const onlyAhead = testAlliance({ partners: ab, checkins: [checkin('1', 'a', { at: NOW + 1, scores: scores(5) })] });
    expect(effect(onlyAhead, 'check-ins')).toBe(0);
    expect(text(onlyAhead, 'check-ins')).toMatch(/^No check-ins yet/);
  });

  it('HEALTH-4: commitments add ±10 for delivered against missed and cost 3 per overdue one, at most 15', () => {
    const resolved = (status: 'delivered' | 'missed', id: string) => commitment(id, 'a', { status, resolvedAt: T0 });
    const snap = testAlliance({
      commitments: [resolved('delivered', '1'), resolved('delivered', '2'), resolved('delivered', '3'), resolved('missed', '4')],
    });
    expect(effect(snap, 'commitments')).toBe(5);
    expect(text(snap, 'commitments')).toBe('3 of 4 resolved commitments were delivered.');
    const overdue = testAlliance({
      commitments: [
        ...snap.commitments,
        commitment('5', 'a', { dueAt: NOW - 1 }),
        commitment('6', 'a', { dueAt: NOW - 1 }),
        commitment('7', 'a', { dueAt: NOW }), // due now: not overdue yet
      ],
    });
    expect(effect(overdue, 'commitments')).toBe(5 - 6);
    expect(text(overdue, 'commitments')).toContain('2 open commitments are overdue');
    const many = testAlliance({ commitments: Array.from({ length: 9 }, (_, i) => commitment(`o${i}`, 'a', { dueAt: T0 })) });
    expect(effect(many, 'commitments')).toBe(-15);
    expect(text(many, 'commitments')).toContain('No commitment has come due and been resolved yet.');
    // 49 of 100 delivered rounds to no effect at all (not −0).
    const even = testAlliance({
      commitments: Array.from({ length: 100 }, (_, i) =>
        commitment(`e${i}`, 'a', { status: i < 49 ? 'delivered' : 'missed', resolvedAt: T0 }),
      ),
    });
    expect(effect(even, 'commitments')).toBe(0);
  });

  it("HEALTH-5: the charter adds −5 (nothing) to +10 (everything its mode requires)", () => {
    expect(effect(testAlliance({ charter: FULL_CHARTER }), 'charter-audit')).toBe(10);
    expect(text(testAlliance({ charter: FULL_CHARTER }), 'charter-audit')).toBe('The charter covers all 9 essentials.');
    const light = testAlliance({ meta: meta({ mode: 'light' }), charter: charter('We decide together.', 'We talk weekly: communication first.') });
    expect(effect(light, 'charter-audit')).toBe(5);
    expect(text(light, 'charter-audit')).toBe('The charter covers 2 of 3 essentials. Still to write: exit: notice period.');
  });

  it('HEALTH-6: an overdue review costs 10; a review held and not due again adds 5', () => {
    const due = Date.UTC(2025, 6, 1); // six months after T0
    expect(effect(testAlliance(), 'review', due)).toBe(0);
    expect(effect(testAlliance(), 'review', due + 1)).toBe(-10);
    expect(text(testAlliance(), 'review', due + days(3))).toBe(
      'The realignment review (every 6 months) is overdue by 3 days. Hold it to reassess strategic fit.',
    );
    const held = testAlliance({ reviews: [review('r', due)] });
    expect(effect(held, 'review', due + days(3))).toBe(5);
    // A poor fit at the latest review (2 of 5 or lower) costs 5 instead, and says whose.
    const poor = testAlliance({ partners: ab, reviews: [review('old', due - days(30), { fit: { a: 1 } }), review('r', due, { fit: { a: 4, b: 2 } })] });
    expect(effect(poor, 'review', due + days(3))).toBe(-5);
    expect(text(poor, 'review', due + days(3))).toMatch(/^The last realignment review found a poor strategic fit \(B 2 of 5\)\. /);
    // Only the latest review counts: an earlier poor fit, since mended, does not.
    const mended = testAlliance({ partners: ab, reviews: [review('old', due - days(30), { fit: { a: 1 } }), review('r', due, { fit: { a: 3, b: 3 } })] });
    expect(effect(mended, 'review', due + days(3))).toBe(5);
  });

  it('HEALTH-7: the score is the base 60 plus the effects, kept within 0..100; 70 and up is healthy, under 40 at risk', () => {
    expect(allianceHealth(withTrust(15), NOW)).toMatchObject({ score: 70, level: 'healthy' });
    expect(allianceHealth(withTrust(14), NOW)).toMatchObject({ score: 69, level: 'watch' });
    expect(allianceHealth(withTrust(-15), NOW)).toMatchObject({ score: 40, level: 'watch' });
    const slightlyLow = withTrust(-15, {
      checkins: [checkin('1', 'a', { at: NOW, scores: scores(3) }), checkin('2', 'b', { at: NOW, scores: scores(3, { momentum: 2 }) })],
    });
    expect(allianceHealth(slightlyLow, NOW)).toMatchObject({ score: 39, level: 'at-risk' });

    const best = withTrust(50, {
      charter: FULL_CHARTER,
      reviews: [review('r', NOW - days(1))],
      checkins: [checkin('1', 'a', { at: NOW, scores: scores(5) }), checkin('2', 'b', { at: NOW, scores: scores(5) })],
      commitments: [commitment('1', 'a', { status: 'delivered', resolvedAt: NOW })],
    });
    expect(allianceHealth(best, NOW).score).toBe(100);
    const worst = withTrust(-50, {
      checkins: [checkin('1', 'a', { at: NOW, scores: scores(1) })],
      commitments: [
        commitment('1', 'a', { status: 'missed', resolvedAt: NOW }),
        ...Array.from({ length: 5 }, (_, i) => commitment(`o${i}`, 'a', { dueAt: T0 })),
      ],
    });
    expect(allianceHealth(worst, NOW)).toMatchObject({ score: 0, level: 'at-risk' });
  });
});
