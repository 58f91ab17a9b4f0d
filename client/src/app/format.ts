import { DAY_MS, type Millis } from '@trellis/shared';

/** A date as this browser's locale writes it; '—' for none. */
export function formatDate(at: Millis | null): string {
  if (at === null || !Number.isFinite(at) || at <= 0) return '—';
  return new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
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
  return new Date(at).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
