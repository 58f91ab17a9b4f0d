import { describe, it, expect } from 'vitest';
import { nextReviewDate, reviewStatus } from './realignment.ts';
import { T0, days, meta, review } from './testAlliance.ts';

describe('realignment review', () => {
  it('REVIEW-1: with no review yet, the next one is one cadence after the alliance was created', () => {
    expect(nextReviewDate(meta({ createdAt: T0, reviewCadenceMonths: 3 }), [])).toBe(Date.UTC(2025, 3, 1));
    expect(nextReviewDate(meta({ createdAt: T0, reviewCadenceMonths: 12 }), [])).toBe(Date.UTC(2026, 0, 1));
  });

  it('REVIEW-1: the latest review by date counts, wherever it sits in the log', () => {
    const reviews = [review('r2', Date.UTC(2025, 6, 10)), review('r1', Date.UTC(2025, 2, 5))];
    expect(nextReviewDate(meta({ reviewCadenceMonths: 6 }), reviews)).toBe(Date.UTC(2026, 0, 10));
    // A review dated before the alliance was created (a clock off) still counts as the latest review.
    expect(nextReviewDate(meta({ reviewCadenceMonths: 3 }), [review('r', T0 - days(10))])).toBe(Date.UTC(2025, 2, 22));
  });

  it('REVIEW-1: a later review after an earlier one in the log replaces it; reviews held at the same moment count as that moment', () => {
    const march = review('r1', Date.UTC(2025, 2, 5));
    const july = review('r2', Date.UTC(2025, 6, 10));
    expect(nextReviewDate(meta({ reviewCadenceMonths: 6 }), [march, july])).toBe(Date.UTC(2026, 0, 10));
    // Two reviews before the alliance's start, the later one last: it counts, not the start date.
    expect(nextReviewDate(meta({ reviewCadenceMonths: 3 }), [review('a', T0 - days(20)), review('b', T0 - days(10))])).toBe(Date.UTC(2025, 2, 22));
    const sameMoment = [review('a', Date.UTC(2025, 6, 10, 9)), review('b', Date.UTC(2025, 6, 10, 9)), march];
    expect(nextReviewDate(meta({ reviewCadenceMonths: 6 }), sameMoment)).toBe(Date.UTC(2026, 0, 10, 9));
  });

  it('REVIEW-1: months are calendar months in UTC, clamped to the end of a shorter month, time of day kept', () => {
    const jan31 = Date.UTC(2025, 0, 31, 15, 30);
    expect(nextReviewDate(meta({ createdAt: jan31, reviewCadenceMonths: 3 }), [])).toBe(Date.UTC(2025, 3, 30, 15, 30));
    expect(nextReviewDate(meta({ createdAt: Date.UTC(2023, 7, 31), reviewCadenceMonths: 6 }), [])).toBe(
      Date.UTC(2024, 1, 29), // leap year
    );
    expect(nextReviewDate(meta({ createdAt: Date.UTC(2024, 7, 31), reviewCadenceMonths: 6 }), [])).toBe(
      Date.UTC(2025, 1, 28),
    );
    expect(nextReviewDate(meta({ createdAt: Date.UTC(2024, 10, 30), reviewCadenceMonths: 3 }), [])).toBe(
      Date.UTC(2025, 1, 28), // across a year end
    );
    expect(nextReviewDate(meta({ createdAt: Date.UTC(2024, 1, 29), reviewCadenceMonths: 12 }), [])).toBe(
      Date.UTC(2025, 1, 28),
    );
  });

  it('REVIEW-2: a review is overdue only strictly after its due moment', () => {
    const m = meta({ createdAt: T0, reviewCadenceMonths: 3 });
    const due = Date.UTC(2025, 3, 1);
    expect(reviewStatus(m, [], due)).toEqual({ known: true, nextAt: due, overdue: false, daysUntil: 0 });
    expect(reviewStatus(m, [], due + 1)).toEqual({ known: true, nextAt: due, overdue: true, daysUntil: 0 });
    expect(reviewStatus(m, [], due + days(3))).toMatchObject({ overdue: true, daysUntil: -3 });
  });

  it('REVIEW-3: days until the review are whole days, rounded up', () => {
    const m = meta({ createdAt: T0, reviewCadenceMonths: 3 });
    const due = Date.UTC(2025, 3, 1);
    const daysUntil = (now: number) => {
      const status = reviewStatus(m, [], now);
      return status.known ? status.daysUntil : NaN;
    };
    expect(daysUntil(due - days(10))).toBe(10);
    expect(daysUntil(due - days(10) + 1)).toBe(10);
    expect(daysUntil(due - days(10) - 1)).toBe(11);
    expect(daysUntil(due - 1)).toBe(1);
  });

  it('REVIEW-4: with no review and no start date the next review is unknown, never overdue since 1970', () => {
    const m = meta({ createdAt: 0, reviewCadenceMonths: 6 });
    expect(nextReviewDate(m, [])).toBeNull();
    expect(reviewStatus(m, [], Date.UTC(2026, 10, 28))).toEqual({ known: false, overdue: false });
    // A review held starts the schedule.
    expect(nextReviewDate(m, [review('r', Date.UTC(2026, 0, 10))])).toBe(Date.UTC(2026, 6, 10));
  });
});
