/**
 * Commitments partners made to each other: what is open, what is overdue, who delivers.
 * Rules COMMIT-1 .. COMMIT-3 in shared/METHOD.md.
 */
import type { AllianceSnapshot, Commitment, Id, Millis } from '../schema.ts';
import { compareKeys } from './order.ts';

function byDue(a: Commitment, b: Commitment): number {
  return compareKeys([a.dueAt, a.id], [b.dueAt, b.id]);
}

/** Open commitments, soonest due first (COMMIT-1). */
export function openCommitments(snapshot: Pick<AllianceSnapshot, 'commitments'>): Commitment[] {
  return snapshot.commitments.filter((c) => c.status === 'open').sort(byDue);
}

/** Open commitments whose due moment has passed, most overdue first (COMMIT-2). Due exactly now is not late yet. */
export function overdueCommitments(snapshot: Pick<AllianceSnapshot, 'commitments'>, now: Millis): Commitment[] {
  return openCommitments(snapshot).filter((c) => c.dueAt < now);
}

export interface DeliveryRecord {
  delivered: number;
  missed: number;
  open: number;
  cancelled: number;
  /** delivered / (delivered + missed), or null before anything was resolved. Cancelled ones do not count. */
  ratio: number | null;
}

/** Per partner, how many commitments were delivered, missed, are open or cancelled (COMMIT-3). */
export function deliveryByPartner(snapshot: Pick<AllianceSnapshot, 'commitments'>): Map<Id, DeliveryRecord> {
  const out = new Map<Id, DeliveryRecord>();
  for (const c of snapshot.commitments) {
    let r = out.get(c.partnerId);
    if (!r) {
      r = { delivered: 0, missed: 0, open: 0, cancelled: 0, ratio: null };
      out.set(c.partnerId, r);
    }
    r[c.status] += 1;
  }
  for (const r of out.values()) {
    const resolved = r.delivered + r.missed;
    r.ratio = resolved > 0 ? r.delivered / resolved : null;
  }
  return out;
}
