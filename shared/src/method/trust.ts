/**
 * The trust account: small deposits and withdrawals, per partner and for the whole alliance.
 * Rules TRUST-1 .. TRUST-8 in shared/METHOD.md.
 */
import {
  TRUST_DEPOSIT_KINDS,
  TRUST_KINDS,
  type AllianceSnapshot,
  type Commitment,
  type Id,
  type Millis,
  type Partner,
  type TrustEntry,
  type TrustKind,
} from '../schema.ts';
import { DAY_MS, WEEK_MS } from './calendar.ts';
import { compareText } from './order.ts';

/**
 * Default points per kind (TRUST-1). Deposits are small and frequent, withdrawals weigh more:
 * one breach should not be repaid by a single kind word.
 */
export const DEFAULT_TRUST_POINTS: Readonly<Record<TrustKind, number>> = {
  'information-shared-early': 2,
  'commitment-delivered': 3,
  'contribution-acknowledged': 1,
  transparency: 2,
  'deadline-missed': -3,
  'information-withheld': -4,
  breach: -10,
};

const DEPOSIT_KINDS: ReadonlySet<TrustKind> = new Set(TRUST_DEPOSIT_KINDS);

/** True for kinds that add trust (TRUST-1). */
export function isDeposit(kind: TrustKind): boolean {
  return DEPOSIT_KINDS.has(kind);
}

/** Balance per partner: the sum of the points of the entries that partner's acts caused (TRUST-2). */
export function trustBalances(entries: readonly TrustEntry[]): Map<Id, number> {
  const out = new Map<Id, number>();
  for (const e of entries) out.set(e.partnerId, (out.get(e.partnerId) ?? 0) + e.points);
  return out;
}

/** The alliance's balance: every entry counts, including those of partners who have left (TRUST-2). */
export function allianceTrustBalance(entries: readonly TrustEntry[]): number {
  let sum = 0;
  for (const e of entries) sum += e.points;
  return sum;
}

export interface KindTotal {
  count: number;
  points: number;
}

/** Count and points per kind, every kind present (zeros included) so a chart has stable bars (TRUST-3). */
export function trustTotalsByKind(entries: readonly TrustEntry[]): Record<TrustKind, KindTotal> {
  const out = Object.fromEntries(TRUST_KINDS.map((k) => [k, { count: 0, points: 0 }])) as Record<
    TrustKind,
    KindTotal
  >;
  for (const e of entries) {
    const t = out[e.kind];
    // An unknown kind from a newer schema is skipped rather than crashing the chart.
    if (!t) continue;
    t.count += 1;
    t.points += e.points;
  }
  return out;
}

export interface TrustTimelineOptions {
  from: Millis;
  to: Millis;
  /** Bucket length in ms (e.g. WEEK_MS); one point per bucket end. */
  bucket: number;
}

export interface TrustTimeline {
  /** The instants the balances are taken at: from, from + bucket, ..., and finally `to`. */
  at: Millis[];
  /** Cumulative alliance balance at each instant (all entries with e.at ≤ instant). */
  alliance: number[];
  /** One series per partner given, in the order given. */
  partners: { partnerId: Id; balances: number[] }[];
}

/** Refuse absurd requests (a 1 ms bucket over years) instead of freezing the tab. */
export const MAX_TIMELINE_POINTS = 5000;

/**
 * Cumulative balances over time for a chart (TRUST-4). Balances include everything before `from`,
 * so the first point is where the account stood, not zero.
 */
export function trustTimeline(
  entries: readonly TrustEntry[],
  partners: readonly Pick<Partner, 'id'>[],
  { from, to, bucket }: TrustTimelineOptions,
): TrustTimeline {
  if (!(bucket > 0)) throw new RangeError('trustTimeline: bucket must be > 0 ms');
  if (!(to >= from)) throw new RangeError('trustTimeline: to must not be before from');
  const steps = Math.ceil((to - from) / bucket);
  if (steps + 1 > MAX_TIMELINE_POINTS) throw new RangeError('trustTimeline: too many points; use a larger bucket');

  const at: Millis[] = [];
  for (let i = 0; i < steps; i++) at.push(from + i * bucket);
  at.push(to);

  const sorted = [...entries].sort((a, b) => a.at - b.at);
  const index = new Map(partners.map((p, i) => [p.id, i]));
  const running = partners.map(() => 0);
  const series = partners.map((p) => ({ partnerId: p.id, balances: [] as number[] }));
  const alliance: number[] = [];
  let total = 0;
  let next = 0;
  for (const instant of at) {
    while (next < sorted.length && sorted[next]!.at <= instant) {
      const e = sorted[next]!;
      total += e.points;
      const i = index.get(e.partnerId);
      if (i !== undefined) running[i]! += e.points;
      next++;
    }
    alliance.push(total);
    series.forEach((s, i) => s.balances.push(running[i]!));
  }
  return { at, alliance, partners: series };
}

export interface FreeRider {
  partnerId: Id;
  /** Latest deposit or delivered commitment ever, or null when there has been none. */
  lastContributionAt: Millis | null;
}

/** How long an active partner may go without a deposit or a delivered commitment before it is flagged (TRUST-5). */
export const FREE_RIDER_WEEKS = 8;

/**
 * Active partners who joined more than `weeks` weeks ago and made no deposit and delivered no
 * commitment in the last `weeks` weeks (TRUST-5). Sorted by partner id.
 */
export function freeRiders(
  snapshot: Pick<AllianceSnapshot, 'partners' | 'trust' | 'commitments'>,
  now: Millis,
  weeks = FREE_RIDER_WEEKS,
): FreeRider[] {
  const windowStart = now - weeks * WEEK_MS;
  const last = new Map<Id, Millis>();
  const note = (partnerId: Id, at: Millis) => {
    const prev = last.get(partnerId);
    if (prev === undefined || at > prev) last.set(partnerId, at);
  };
  for (const e of snapshot.trust) if (isDeposit(e.kind) && e.points > 0) note(e.partnerId, e.at);
  for (const c of snapshot.commitments) {
    if (c.status === 'delivered' && c.resolvedAt !== null) note(c.partnerId, c.resolvedAt);
  }
  return snapshot.partners
    .filter((p) => p.status === 'active' && p.joinedAt < windowStart)
    .filter((p) => {
      const at = last.get(p.id);
      // Entries a little in the future (a device clock ahead) still count as recent.
      return at === undefined || at < windowStart;
    })
    .map((p) => ({ partnerId: p.id, lastContributionAt: last.get(p.id) ?? null }))
    .sort((a, b) => compareText(a.partnerId, b.partnerId));
}

/** The trust entry kind that delivering or missing a commitment records (TRUST-6), and that marks it (COMMIT-4). */
export const RESOLUTION_TRUST_KINDS = { delivered: 'commitment-delivered', missed: 'deadline-missed' } as const satisfies Record<'delivered' | 'missed', TrustKind>;

/** The fields of the entry that resolving a commitment records; the caller adds the id (TRUST-6). */
export function trustEntryForCommitment(
  commitment: Pick<Commitment, 'id' | 'partnerId' | 'text'>,
  outcome: 'delivered' | 'missed',
  { at, by, recordedBy = null }: { at: Millis; by: string; recordedBy?: Id | null },
): Omit<TrustEntry, 'id'> {
  const kind: TrustKind = RESOLUTION_TRUST_KINDS[outcome];
  return {
    at,
    by,
    partnerId: commitment.partnerId,
    toward: null,
    kind,
    points: DEFAULT_TRUST_POINTS[kind],
    note: `${outcome === 'delivered' ? 'Delivered' : 'Missed'}: ${commitment.text}`,
    commitmentId: commitment.id,
    recordedBy,
  };
}

export interface TrustTrend {
  /** Net points in (now − days, now]. */
  current: number;
  /** Net points in (now − 2·days, now − days]. */
  previous: number;
  delta: number;
  direction: 'up' | 'down' | 'flat';
  /** Entries in the two windows together; 0 means there is nothing to judge yet. */
  entries: number;
}

/** Net trust in the last `days` days against the `days` before (TRUST-7). */
export function trustTrend(entries: readonly TrustEntry[], now: Millis, days = 90): TrustTrend {
  const span = days * DAY_MS;
  let current = 0;
  let previous = 0;
  let count = 0;
  for (const e of entries) {
    if (e.at > now) continue;
    if (e.at > now - span) {
      current += e.points;
      count++;
    } else if (e.at > now - 2 * span) {
      previous += e.points;
      count++;
    }
  }
  const delta = current - previous;
  return { current, previous, delta, direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat', entries: count };
}

/**
 * The trust log as it counts (TRUST-8). Two devices may resolve one commitment at the same time, each recording
 * its trust entry; the commitment's merged status is the truth, so only the first entry matching it counts and
 * the others — double counts or contradictions — are left out.
 */
export function effectiveTrustEntries(
  entries: readonly TrustEntry[],
  commitments: readonly Pick<Commitment, 'id' | 'status'>[],
): TrustEntry[] {
  const status = new Map(commitments.map((c) => [c.id, c.status]));
  const kept = new Set<Id>();
  const ordered = entries.slice().sort((a, b) => a.at - b.at || compareText(a.id, b.id));
  const counted = new Set<TrustEntry>();
  for (const entry of ordered) {
    if (entry.commitmentId === null) {
      counted.add(entry);
      continue;
    }
    const final = status.get(entry.commitmentId);
    const expected: TrustKind | null = final === 'delivered' || final === 'missed' ? RESOLUTION_TRUST_KINDS[final] : null;
    if (expected !== null && entry.kind === expected && !kept.has(entry.commitmentId)) {
      kept.add(entry.commitmentId);
      counted.add(entry);
    }
  }
  return entries.filter((entry) => counted.has(entry));
}
