/**
 * Who really holds the power under weighted voting: the normalized Banzhaf index.
 * A partner's weight is not its power: with weights 51/48/1 the two small partners have none.
 * Rules POWER-1 .. POWER-6 in shared/METHOD.md.
 */
import type { Id, Partner } from '../schema.ts';

export interface PartnerPower {
  partnerId: Id;
  weight: number;
  /** Share of all swings (0..1); the powers of all partners sum to 1 unless no coalition can win. */
  power: number;
  /** Coalitions in which this partner's vote turns a win into a loss. */
  swings: number;
  /** Its weight alone meets the quota. */
  canPassAlone: boolean;
  /** All the others together do not meet the quota. */
  canBlockAlone: boolean;
  /** Weight but no power: no coalition ever needs it. */
  isDummy: boolean;
}

/** Beyond this many partners with fractional weights, enumerating 2^n coalitions is too slow. */
export const MAX_ENUMERATED_PARTNERS = 20;
/** Cap on the sum of integer weights for the counting table (memory is partners × total weight). */
export const MAX_INTEGER_WEIGHT_TOTAL = 1_000_000;

function clean(w: number): number {
  return Number.isFinite(w) && w > 0 ? w : 0;
}

/**
 * Normalized Banzhaf index per partner (POWER-1). A coalition wins when its weight is at least
 * `quota`; without a quota it wins with more than half the total weight (the weighted-majority rule).
 * Integer weights use an exact counting table (any number of partners); others are enumerated
 * up to MAX_ENUMERATED_PARTNERS, and beyond that counted on weights scaled to whole numbers.
 */
export function banzhafPower(
  partners: readonly Pick<Partner, 'id' | 'votingWeight'>[],
  quota?: number,
): PartnerPower[] {
  const weights = partners.map((p) => clean(p.votingWeight));
  const total = weights.reduce((s, w) => s + w, 0);
  const wins = (w: number) => (quota === undefined ? w > total / 2 : w >= quota);

  // Stryker disable next-line ConditionalExpression,EqualityOperator: the three ways of counting give the same swings for whole weights; the choice only bounds time and memory
  const integral = weights.every(Number.isInteger) && total <= MAX_INTEGER_WEIGHT_TOTAL;
  let swings: number[];
  // Stryker disable next-line ConditionalExpression: the three ways of counting give the same swings for whole weights
  if (integral) {
    // For integers, "> total/2" is ">= floor(total/2) + 1" and ">= q" is ">= ceil(q)".
    const q = quota === undefined ? Math.floor(total / 2) + 1 : Math.ceil(quota);
    swings = integerSwings(weights, q);
  } else if (weights.length <= MAX_ENUMERATED_PARTNERS) {
    swings = enumeratedSwings(weights, wins);
  } else {
    // Too many partners to enumerate with fractional weights: count exactly on weights scaled to whole
    // numbers (at most two decimals kept), which moves a swing only for coalitions within a rounding step of the quota.
    const factor = Math.max(1, Math.min(100, Math.floor(MAX_INTEGER_WEIGHT_TOTAL / Math.max(total, 1))));
    const scaled = weights.map((w) => Math.round(w * factor));
    const scaledTotal = scaled.reduce((s, w) => s + w, 0);
    const q = quota === undefined ? Math.floor(scaledTotal / 2) + 1 : Math.ceil(quota * factor);
    swings = integerSwings(scaled, q);
  }

  const sum = swings.reduce((s, x) => s + x, 0);
  return partners.map((p, i) => {
    const w = weights[i]!;
    const s = swings[i]!;
    const power = sum > 0 ? s / sum : 0;
    return {
      partnerId: p.id,
      weight: w,
      power,
      swings: s,
      canPassAlone: wins(w),
      canBlockAlone: !wins(total - w),
      isDummy: power === 0 && w > 0,
    };
  });
}

/** Swings by looking at every coalition: bit i of the mask is partner i. */
function enumeratedSwings(weights: readonly number[], wins: (w: number) => boolean): number[] {
  const n = weights.length;
  const swings = weights.map(() => 0);
  const size = 1 << n;
  const sums = new Float64Array(size);
  // Stryker disable next-line EqualityOperator: past the end a typed array reads undefined and ignores writes
  for (let mask = 1; mask < size; mask++) {
    const low = mask & -mask;
    sums[mask] = sums[mask ^ low]! + weights[31 - Math.clz32(low)]!;
  }
  // Stryker disable next-line EqualityOperator: past the end a typed array reads undefined and ignores writes (a coalition weighing undefined does not win)
  for (let mask = 1; mask < size; mask++) {
    const w = sums[mask]!;
    if (!wins(w)) continue;
    // Stryker disable next-line EqualityOperator: bit n is in no mask below 2^n
    for (let i = 0; i < n; i++) {
      if (mask & (1 << i) && !wins(w - weights[i]!)) swings[i]!++;
    }
  }
  return swings;
}

/**
 * Swings with whole-number weights: count coalitions of the others by total weight (a knapsack
 * table), then partner i swings in each coalition of others weighing from q − w_i to q − 1.
 * Removing one partner from the full table keeps it O(n · total) overall.
 */
function integerSwings(weights: readonly number[], q: number): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  // ways[s] = number of coalitions (of everyone) with weight s. Counts are doubles: exact up to
  // 2^53 coalitions, and only their ratios matter beyond that.
  const ways = new Float64Array(total + 1);
  ways[0] = 1;
  // A partner without weight doubles every count (ways[s] += ways[s - 0]): in a coalition or not, the weight is the same.
  for (const w of weights) {
    for (let s = total; s >= w; s--) ways[s]! += ways[s - w]!;
  }
  return weights.map((w) => {
    // Stryker disable next-line ConditionalExpression: a shortcut: the count below is 0 for a partner without weight too (an empty range)
    if (w === 0) return 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut: with q <= 0 the range below is empty too
    if (q <= 0) return 0; // every coalition wins, even the empty one: nobody swings
    // Undo partner i: others[s] = ways[s] − others[s − w].
    const others = new Float64Array(total + 1);
    // Stryker disable next-line EqualityOperator: the others never weigh the whole total (w > 0 here), so others[total] is 0 either way
    for (let s = 0; s <= total; s++) others[s] = ways[s]! - (s >= w ? others[s - w]! : 0);
    let count = 0;
    for (let s = Math.max(0, q - w); s <= Math.min(q - 1, total); s++) count += others[s]!;
    return count;
  });
}

export type PowerWarningKind = 'can-pass-alone' | 'can-block-alone' | 'everyone-can-block' | 'no-power';

export interface PowerWarning {
  kind: PowerWarningKind;
  partnerId: Id | null;
  message: string;
}

/**
 * Plain-words warnings about the weights (POWER-5, POWER-6): a partner that can pass or block
 * alone dominates weighted-majority decisions; the method answers with minority protection.
 */
export function powerWarnings(
  partners: readonly Pick<Partner, 'id' | 'name' | 'votingWeight' | 'minorityProtected'>[],
  quota?: number,
): PowerWarning[] {
  if (partners.length < 2) return [];
  const power = banzhafPower(partners, quota);
  const out: PowerWarning[] = [];
  // Stryker disable next-line OptionalChaining: every id asked for comes from these partners
  const nameOf = (id: Id) => partners.find((p) => p.id === id)?.name || id;
  const unprotected = partners.filter((p) => !p.minorityProtected).map((p) => p.id);

  for (const p of power) {
    if (p.canPassAlone) {
      const others = unprotected.filter((id) => id !== p.partnerId);
      out.push({
        kind: 'can-pass-alone',
        partnerId: p.partnerId,
        message:
          `${nameOf(p.partnerId)} can pass weighted-majority decisions alone.` +
          (others.length > 0
            ? ` Consider minority protection (a veto on critical decisions) for ${others.map(nameOf).join(', ')}.`
            : ' The other partners are minority-protected, so they can still veto critical decisions.'),
      });
    }
  }
  const blockers = power.filter((p) => p.canBlockAlone && !p.canPassAlone);
  if (blockers.length === power.length) {
    out.push({
      kind: 'everyone-can-block',
      partnerId: null,
      message: 'Every partner can block alone: weighted majority works like consensus here.',
    });
  } else {
    for (const p of blockers) {
      out.push({
        kind: 'can-block-alone',
        partnerId: p.partnerId,
        message: `${nameOf(p.partnerId)} can block any weighted-majority decision alone. Agree on which decisions it may block, or consider minority protection for the others.`,
      });
    }
  }
  for (const p of power) {
    if (p.isDummy) {
      out.push({
        kind: 'no-power',
        partnerId: p.partnerId,
        message: `${nameOf(p.partnerId)} has voting weight but no say: no majority ever needs its vote. Rebalance the weights or give it minority protection.`,
      });
    }
  }
  return out;
}
