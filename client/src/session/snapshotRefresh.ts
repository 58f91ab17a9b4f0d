import type * as Y from 'yjs';

/**
 * When the session reads its snapshot again after the document changed. Most changes (a vote, a check-in, a partner's
 * edit arriving) are read within a few milliseconds, bursts coalesced. Typing in the charter is read once the typing
 * pauses (at the latest every `charterMaxMs` while it goes on): the editor shows the text itself, and reading the
 * whole alliance, with the audit that reads the whole charter, between two keys made each key wait.
 */
export class SnapshotRefresh {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When the pending read is due, and since when a read has been pending. */
  private dueAt = 0;
  private pendingSince: number | null = null;
  /** Whether the pending read is a quick one (not waiting for typing to pause). */
  private soon = false;

  constructor(
    private readonly read: () => void,
    private readonly pacing: { soonMs: number; charterPauseMs: number; charterMaxMs: number } = { soonMs: 30, charterPauseMs: 300, charterMaxMs: 2000 },
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A change: `charterOnly` when it touched the charter's text and nothing else. */
  changed(charterOnly: boolean): void {
    const now = this.now();
    this.pendingSince ??= now;
    const wanted = charterOnly ? Math.min(now + this.pacing.charterPauseMs, this.pendingSince + this.pacing.charterMaxMs) : now + this.pacing.soonMs;
    // A read due sooner stays, unless it waits for typing to pause and this key pushes it back (up to the cap).
    if (this.timer !== null && (this.soon || !charterOnly) && this.dueAt <= wanted) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.dueAt = wanted;
    this.soon = !charterOnly;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pendingSince = null;
      this.read();
    }, Math.max(0, wanted - now));
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pendingSince = null;
  }
}

/** Whether a transaction changed the charter's text (its fragment or anything inside it) and nothing else. */
export function charterOnly(transaction: Y.Transaction, charter: Y.XmlFragment): boolean {
  if (transaction.changed.size === 0) return false;
  const root: unknown = charter;
  for (const type of transaction.changed.keys()) {
    let inside: typeof type | null = type;
    while (inside !== null && inside !== root) inside = inside.parent;
    if (inside === null) return false;
  }
  return true;
}
