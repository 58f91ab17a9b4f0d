/**
 * The realignment trigger: a scheduled review every 3, 6 or 12 months to reassess strategic fit.
 * Rules REVIEW-1 .. REVIEW-3 in shared/METHOD.md.
 */
import type { AllianceMeta, Millis, Review } from '../schema.ts';
import { DAY_MS, addMonthsUtc } from './calendar.ts';

/**
 * The next review is due one cadence after the latest review, or after the alliance was created
 * when there has been none (REVIEW-1). The latest by date, not by position: logs merge out of order.
 * With no review and no start date (a document made elsewhere without one reads `createdAt` as 0)
 * the date is unknown, never a day in 1970 (REVIEW-4).
 */
export function nextReviewDate(
  meta: Pick<AllianceMeta, 'createdAt' | 'reviewCadenceMonths'>,
  reviews: readonly Pick<Review, 'at'>[],
): Millis | null {
  let base = meta.createdAt > 0 ? meta.createdAt : null;
  let seen = false;
  for (const r of reviews) {
    if (!seen || base === null || r.at > base) base = r.at;
    seen = true;
  }
  return base === null ? null : addMonthsUtc(base, meta.reviewCadenceMonths);
}

export type ReviewStatus =
  | {
      known: true;
      nextAt: Millis;
      /** True once now is past the due moment. */
      overdue: boolean;
      /** Whole days until the review, rounded up; negative when overdue (rounded toward zero). */
      daysUntil: number;
    }
  /** Neither a review nor the alliance's start date is known: nothing is due or overdue (REVIEW-4). */
  | { known: false; overdue: false };

/** Where the alliance stands against its review schedule (REVIEW-2 .. REVIEW-4). */
export function reviewStatus(
  meta: Pick<AllianceMeta, 'createdAt' | 'reviewCadenceMonths'>,
  reviews: readonly Pick<Review, 'at'>[],
  now: Millis,
): ReviewStatus {
  const nextAt = nextReviewDate(meta, reviews);
  if (nextAt === null) return { known: false, overdue: false };
  const daysUntil = Math.ceil((nextAt - now) / DAY_MS);
  return { known: true, nextAt, overdue: now > nextAt, daysUntil: daysUntil === 0 ? 0 : daysUntil };
}
