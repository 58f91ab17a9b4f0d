/**
 * Deterministic ordering for derived lists: every device must show the same list in the same order,
 * whatever order the document's maps happen to iterate in.
 */

/** Plain code-unit comparison: unlike localeCompare it orders the same on every device. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares tuples of strings/numbers left to right. */
export function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    return compareText(String(x), String(y));
  }
  return a.length - b.length;
}
