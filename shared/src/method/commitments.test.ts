import { describe, it, expect } from 'vitest';
import { deliveryByPartner, openCommitments, overdueCommitments, withMarks } from './commitments.ts';
import { T0, commitment, days, testAlliance, trustEntry } from './testAlliance.ts';

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

describe('marks (COMMIT-4)', () => {
  const mark = (id: string, recordedBy: string, kind: 'commitment-delivered' | 'deadline-missed', at: number, over = {}) =>
    trustEntry(id, 'tech', { commitmentId: 'c', kind, at, recordedBy, ...over });

  it('COMMIT-4: two partners marking one commitment at once: the earliest mark (then the lower entry id) gives its status, on every replica', () => {
    const c = commitment('c', 'tech');
    const logi = mark('m-logi', 'logi', 'commitment-delivered', T0 + days(2));
    const green = mark('m-green', 'green', 'deadline-missed', T0 + days(1));
    for (const trust of [[logi, green], [green, logi]]) {
      expect(withMarks([c], trust)[0]).toMatchObject({ status: 'missed', resolvedAt: T0 + days(1) });
    }
    const tie = mark('a-first', 'logi', 'commitment-delivered', T0 + days(1));
    expect(withMarks([c], [green, tie])[0]).toMatchObject({ status: 'delivered' });
  });

  it('COMMIT-4: its own partner\'s resolution stands; its own entries, other partners\' accounts and marks before the promise are no marks', () => {
    const cancelled = commitment('c', 'tech', { status: 'cancelled', resolvedAt: T0 + days(5) });
    expect(withMarks([cancelled], [mark('m', 'logi', 'deadline-missed', T0 + days(1))])[0]).toMatchObject({ status: 'cancelled' });
    const open = commitment('c', 'tech', { createdAt: T0 + days(1) });
    const notMarks = [
      mark('own', 'tech', 'deadline-missed', T0 + days(2)),
      mark('elsewhere', 'logi', 'deadline-missed', T0 + days(2), { partnerId: 'green' }),
      mark('before', 'logi', 'deadline-missed', T0),
      mark('deposit', 'logi', 'commitment-delivered', T0 + days(2), { kind: 'transparency' }),
    ];
    expect(withMarks([open], notMarks)[0]).toEqual(open);
  });

  it('COMMIT-4: a mark stamped at the very moment the promise was made counts (only one stamped before it does not)', () => {
    const open = commitment('c', 'tech', { createdAt: T0 + days(1) });
    expect(withMarks([open], [mark('same-moment', 'logi', 'commitment-delivered', T0 + days(1))])[0]).toMatchObject({
      status: 'delivered',
      resolvedAt: T0 + days(1),
    });
    expect(withMarks([open], [mark('just-before', 'logi', 'commitment-delivered', T0 + days(1) - 1)])[0]).toEqual(open);
  });
});
