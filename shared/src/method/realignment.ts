/**
 * The realignment trigger: a scheduled review every 3, 6 or 12 months to reassess strategic fit.
 * Rules REVIEW-1 .. REVIEW-3 in shared/METHOD.md.
 */
import type { AllianceMeta, Millis, Review } from '../schema.ts';
import { DAY_MS, addMonthsUtc } from './calendar.ts';

/**
 * The next review is due one cadence after the latest review, or after the alliance was created
 * when there has been none (REVIEW-1). The latest by date, not by position: logs merge out of order.
 */
export function nextReviewDate(
  meta: Pick<AllianceMeta, 'createdAt' | 'reviewCadenceMonths'>,
  reviews: readonly Pick<Review, 'at'>[],
): Millis {
  let base = meta.createdAt;
  let seen = false;
  for (const r of reviews) {
    if (!seen || r.at > base) base = r.at;
    seen = true;
  }
  return addMonthsUtc(base, meta.reviewCadenceMonths);
}

export interface ReviewStatus {
  nextAt: Millis;
  /** True once now is past the due moment. */
  overdue: boolean;
  /** Whole days until the review, rounded up; negative when overdue (rounded toward zero). */
  daysUntil: number;
}

/** Where the alliance stands against its review schedule (REVIEW-2, REVIEW-3). */
export function reviewStatus(
  meta: Pick<AllianceMeta, 'createdAt' | 'reviewCadenceMonths'>,
  reviews: readonly Pick<Review, 'at'>[],
  now: Millis,
): ReviewStatus {
  const nextAt = nextReviewDate(meta, reviews);
  const daysUntil = Math.ceil((nextAt - now) / DAY_MS);
  return { nextAt, overdue: now > nextAt, daysUntil: daysUntil === 0 ? 0 : daysUntil };
}
