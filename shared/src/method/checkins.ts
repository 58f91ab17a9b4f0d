/**
 * Relationship-health check-ins: each partner rates openness, reliability, fairness and momentum
 * from 1 to 5. Rules CHECK-1 .. CHECK-4 in shared/METHOD.md.
 */
import { CHECKIN_DIMENSIONS, type CheckIn, type CheckInDimension, type Id, type Millis } from '../schema.ts';
import { compareKeys, compareText } from './order.ts';

/** Average per dimension, or null where there is no score. */
export type DimensionAverages = Record<CheckInDimension, number | null>;

export interface CheckInAverages {
  /** Over every check-in in the period. */
  alliance: DimensionAverages;
  /** Per partner, over that partner's check-ins in the period. */
  byPartner: Map<Id, DimensionAverages>;
  count: number;
}

function emptyAverages(): DimensionAverages {
  // Stryker disable next-line ObjectLiteral: average() sets every dimension over these nulls, and is the only caller
  return { openness: null, reliability: null, fairness: null, momentum: null };
}

function average(checkins: readonly CheckIn[]): DimensionAverages {
  const out = emptyAverages();
  for (const d of CHECKIN_DIMENSIONS) {
    const scores = checkins.map((c) => c.scores[d]).filter((s) => Number.isFinite(s));
    out[d] = scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  }
  return out;
}

/** Averages per dimension, for the alliance and per partner, over [from, to] when given (CHECK-1). */
export function checkinAverages(
  checkins: readonly CheckIn[],
  period: { from?: Millis; to?: Millis } = {},
): CheckInAverages {
  const from = period.from ?? -Infinity;
  const to = period.to ?? Infinity;
  const inWindow = checkins.filter((c) => c.at >= from && c.at <= to);
  const groups = new Map<Id, CheckIn[]>();
  for (const c of inWindow) {
    const g = groups.get(c.partnerId);
    if (g) g.push(c);
    else groups.set(c.partnerId, [c]);
  }
  const byPartner = new Map<Id, DimensionAverages>();
  for (const id of [...groups.keys()].sort(compareText)) byPartner.set(id, average(groups.get(id)!));
  return { alliance: average(inWindow), byPartner, count: inWindow.length };
}

export interface CheckInPeriod {
  from: Millis;
  /** Exclusive, except for the last period, which includes `to`. */
  to: Millis;
  averages: CheckInAverages;
}

/** Refuse absurd requests instead of freezing the tab. */
export const MAX_CHECKIN_PERIODS = 2000;

/** Averages per period of `bucket` ms from `from` to `to`, for a chart over time (CHECK-2). */
export function checkinTimeline(
  checkins: readonly CheckIn[],
  { from, to, bucket }: { from: Millis; to: Millis; bucket: number },
): CheckInPeriod[] {
  if (!(bucket > 0)) throw new RangeError('checkinTimeline: bucket must be > 0 ms');
  if (!(to >= from)) throw new RangeError('checkinTimeline: to must not be before from');
  const n = Math.max(1, Math.ceil((to - from) / bucket));
  if (n > MAX_CHECKIN_PERIODS) throw new RangeError('checkinTimeline: too many periods; use a larger bucket');
  const out: CheckInPeriod[] = [];
  for (let i = 0; i < n; i++) {
    const start = from + i * bucket;
    const last = i === n - 1;
    const end = last ? to : start + bucket;
    // Periods are [start, end) so a check-in on a boundary lands in one period only.
    const inside = checkins.filter((c) => c.at >= start && (last ? c.at <= end : c.at < end));
    out.push({ from: start, to: end, averages: checkinAverages(inside) });
  }
  return out;
}

export interface CheckInGap {
  dimension: CheckInDimension;
  /** Highest minus lowest of the partners' latest scores. */
  spread: number;
  high: { partnerId: Id; score: number } | null;
  low: { partnerId: Id; score: number } | null;
  /** A spread of 2 or more: the partners see the relationship differently (CHECK-4). */
  flagged: boolean;
}

/** A spread of at least this many points is worth talking about. */
export const CHECKIN_GAP_THRESHOLD = 2;

/** Each partner's latest check-in (ties broken by id, so every device agrees) (CHECK-3). */
export function latestCheckins(checkins: readonly CheckIn[]): CheckIn[] {
  const latest = new Map<Id, CheckIn>();
  for (const c of checkins) {
    const prev = latest.get(c.partnerId);
    if (!prev || compareKeys([c.at, c.id], [prev.at, prev.id]) > 0) latest.set(c.partnerId, c);
  }
  return [...latest.values()].sort((a, b) => compareText(a.partnerId, b.partnerId));
}

/** How far apart the partners' latest views are, per dimension (CHECK-4). */
export function checkinGaps(checkins: readonly CheckIn[]): CheckInGap[] {
  const latest = latestCheckins(checkins);
  return CHECKIN_DIMENSIONS.map((dimension) => {
    let high: CheckInGap['high'] = null;
    let low: CheckInGap['low'] = null;
    for (const c of latest) {
      const score = c.scores[dimension];
      if (!Number.isFinite(score)) continue;
      if (!high || score > high.score) high = { partnerId: c.partnerId, score };
      if (!low || score < low.score) low = { partnerId: c.partnerId, score };
    }
    // Stryker disable next-line LogicalOperator: high and low are set in the same step, so both are set or neither
    const spread = high && low ? high.score - low.score : 0;
    return { dimension, spread, high, low, flagged: spread >= CHECKIN_GAP_THRESHOLD };
  });
}
