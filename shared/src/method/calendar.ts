/**
 * Time arithmetic the method needs. Times are epoch milliseconds; calendar months are UTC so that
 * every partner, in any time zone, sees the same review date.
 */
import type { Millis } from '../schema.ts';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Days in a UTC month; `month` may run past 11 or below 0 (Date.UTC normalizes it). */
function daysInUtcMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * `at` plus `months` calendar months in UTC, keeping the time of day and clamping the day to the
 * end of a shorter month (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year).
 */
export function addMonthsUtc(at: Millis, months: number): Millis {
  const d = new Date(at);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const day = Math.min(d.getUTCDate(), daysInUtcMonth(year, month));
  return Date.UTC(
    year,
    month,
    day,
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

