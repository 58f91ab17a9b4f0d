/**
 * Dates as the partners pick them (`<input type="date">`, local calendar days) and as the document
 * keeps them (epoch milliseconds).
 */

/** 'YYYY-MM-DD' for the local day of `at`. */
export function toDateInput(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The moment a picked day stands for: its first millisecond ('start': an exit takes effect that day)
 * or its last ('end': a deadline or a due date runs through the whole day). Null for no valid day.
 */
export function fromDateInput(value: string, edge: 'start' | 'end'): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const d = edge === 'start' ? new Date(year, month, day, 0, 0, 0, 0) : new Date(year, month, day, 23, 59, 59, 999);
  // Date rolls 2025-02-31 over to March: refuse it rather than store a day nobody picked.
  if (d.getFullYear() !== year || d.getMonth() !== month || d.getDate() !== day) return null;
  return d.getTime();
}

/** `days` whole days after `at`, as a date input value. */
export function dateInputAfter(at: number, days: number): string {
  const d = new Date(at);
  d.setDate(d.getDate() + days);
  return toDateInput(d.getTime());
}
