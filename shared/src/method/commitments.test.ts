import { describe, it, expect } from 'vitest';
import { deliveryByPartner, openCommitments, overdueCommitments } from './commitments.ts';
import { T0, commitment, days, testAlliance } from './testAlliance.ts';

const snap = testAlliance({
  commitments: [
    commitment('late', 'a', { dueAt: T0 + days(5) }),
    commitment('due-now', 'a', { dueAt: T0 + days(10) }),
    commitment('later', 'b', { dueAt: T0 + days(20) }),
    commitment('also-late', 'b', { dueAt: T0 + days(2) }),
    commitment('done', 'a', { dueAt: T0, status: 'delivered', resolvedAt: T0 }),
    commitment('done2', 'a', { dueAt: T0, status: 'delivered', resolvedAt: T0 }),
    commitment('dropped', 'b', { dueAt: T0, status: 'cancelled', resolvedAt: T0 }),
    commitment('missed', 'a', { dueAt: T0, status: 'missed', resolvedAt: T0 }),
  ],
});

describe('commitments', () => {
  it('COMMIT-1: open commitments are listed soonest due first', () => {
    expect(openCommitments(snap).map((c) => c.id)).toEqual(['also-late', 'late', 'due-now', 'later']);
  });

  it('COMMIT-2: an open commitment is overdue strictly after its due moment', () => {
    expect(overdueCommitments(snap, T0 + days(10)).map((c) => c.id)).toEqual(['also-late', 'late']);
    expect(overdueCommitments(snap, T0 + days(10) + 1).map((c) => c.id)).toEqual(['also-late', 'late', 'due-now']);
    expect(overdueCommitments(snap, T0).map((c) => c.id)).toEqual([]);
  });

  it('COMMIT-3: the delivery ratio is delivered over delivered plus missed; cancelled ones do not count', () => {
    const d = deliveryByPartner(snap);
    expect(d.get('a')).toEqual({ delivered: 2, missed: 1, open: 2, cancelled: 0, ratio: 2 / 3 });
    expect(d.get('b')).toEqual({ delivered: 0, missed: 0, open: 2, cancelled: 1, ratio: null });
    expect(d.has('c')).toBe(false);
  });
});
