import { DAY_MS, type Millis } from '@trellis/shared';

// One formatter each, made once: `toLocaleDateString` builds a new one on every call, which costs a frame's worth of
// time across a few hundred dates redrawn at each keystroke (the charter's comment threads).
const DATE = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const DAY_MONTH = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A date as this browser's locale writes it; '—' for none. */
export function formatDate(at: Millis | null): string {
  if (at === null || !Number.isFinite(at) || at <= 0) return '—';
  return DATE.format(at);
}

/** A day of the year without its year ("28 Nov"), for dates close at hand. */
export function formatDayMonth(at: Millis): string {
  return Number.isFinite(at) ? DAY_MONTH.format(at) : '—';
}

export function formatRelative(at: Millis | null, now: Millis): string {
  if (at === null) return 'never';
  const diff = now - at;
  if (diff < 60_000) return 'just now';
  if (diff < 3_600_000) return `${Math.round(diff / 60_000)} min ago`;
  if (diff < DAY_MS) return `${Math.round(diff / 3_600_000)} h ago`;
  if (diff < 30 * DAY_MS) return `${Math.round(diff / DAY_MS)} days ago`;
  return formatDate(at);
}

/** A moment with its time of day, as this browser's locale writes it; '—' for none. */
export function formatDateTime(at: Millis | null): string {
  if (at === null || !Number.isFinite(at) || at <= 0) return '—';
  return DATE_TIME.format(at);
}
