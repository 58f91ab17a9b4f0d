/**
 * Commitments partners made to each other: what is open, what is overdue, who delivers.
 * Rules COMMIT-1 .. COMMIT-4 in shared/METHOD.md.
 */
import type { AllianceSnapshot, Commitment, Id, Millis, TrustEntry } from '../schema.ts';
import { compareKeys } from './order.ts';
import { RESOLUTION_TRUST_KINDS } from './trust.ts';

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

const MARKS = new Map<TrustEntry['kind'], 'delivered' | 'missed'>(
  Object.entries(RESOLUTION_TRUST_KINDS).map(([status, kind]) => [kind, status as 'delivered' | 'missed']),
);

/**
 * A commitment as it reads once the marks are counted (COMMIT-4). Its partner resolves it through its own `status`;
 * another partner marks it delivered or missed with a trust entry of its own (AUTH-7, AUTH-8), so two partners
 * marking at once both keep their word instead of one overwriting the other's. The partner's own resolution stands;
 * otherwise the earliest mark (by time, then entry id) gives the status and `resolvedAt`, on every replica alike.
 */
export function withMarks<C extends Pick<Commitment, 'id' | 'partnerId' | 'status' | 'resolvedAt' | 'createdAt'>>(
  commitments: readonly C[],
  trust: readonly Pick<TrustEntry, 'id' | 'at' | 'kind' | 'partnerId' | 'commitmentId' | 'recordedBy'>[],
): C[] {
  const firstMark = new Map<Id, { at: Millis; id: Id; status: 'delivered' | 'missed' }>();
  const owners = new Map(commitments.map((c) => [c.id, c]));
  for (const entry of trust) {
    const status = MARKS.get(entry.kind);
    const commitment = entry.commitmentId === null ? undefined : owners.get(entry.commitmentId);
    // A mark is about the committing partner's account, made after the promise, by someone else.
    if (!status || !commitment || entry.partnerId !== commitment.partnerId || entry.recordedBy === commitment.partnerId) continue;
    if (entry.at < commitment.createdAt) continue;
    const first = firstMark.get(commitment.id);
    if (!first || compareKeys([entry.at, entry.id], [first.at, first.id]) < 0) firstMark.set(commitment.id, { at: entry.at, id: entry.id, status });
  }
  return commitments.map((c) => {
    const mark = firstMark.get(c.id);
    return c.status !== 'open' || !mark ? c : { ...c, status: mark.status, resolvedAt: mark.at };
  });
}
