import { describe, expect, it } from 'vitest';
import { warningSigns } from './warningSigns.ts';
import { T0, days, interest, partner, review, testAlliance, trustEntry } from './testAlliance.ts';

describe('warning signs', () => {
  it('WARN-1: a partner still in the alliance whose trust balance is below zero', () => {
    const snap = testAlliance({
      partners: [partner('a'), partner('b'), partner('c', { status: 'exited' })],
      trust: [trustEntry('1', 'a', { points: -10 }), trustEntry('2', 'a', { points: 3 }), trustEntry('3', 'b', { points: 0 }), trustEntry('4', 'c', { points: -5 })],
    });
    expect(warningSigns(snap)).toEqual([{ kind: 'trust-deficit', partnerId: 'a', partner: 'A', balance: -7 }]);
  });

  it('WARN-2: red lines nothing protects, counted', () => {
    const snap = testAlliance({
      partners: [partner('a'), partner('b')],
      interests: [interest('r1', 'a', { kind: 'red-line' }), interest('r2', 'b', { kind: 'red-line' }), interest('e', 'b', { kind: 'explicit' })],
    });
    expect(warningSigns(snap)).toEqual([{ kind: 'unprotected-red-lines', count: 2 }]);
  });

  it('WARN-3: the latest review put a partner present at 2 of 5 or lower; an alliance with none of the three has no sign', () => {
    const partners = [partner('a'), partner('b'), partner('c', { status: 'exited' })];
    const snap = testAlliance({ partners, reviews: [review('old', T0, { fit: { a: 1 } }), review('new', T0 + days(90), { fit: { a: 3, b: 2, c: 1 } })] });
    expect(warningSigns(snap)).toEqual([{ kind: 'poor-fit', partnerId: 'b', partner: 'B', fit: 2 }]);
    expect(warningSigns(testAlliance({ partners, reviews: [review('r', T0, { fit: { a: 3, b: 3 } })] }))).toEqual([]);
  });
});
