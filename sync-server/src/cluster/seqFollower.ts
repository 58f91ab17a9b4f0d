/**
 * Per alliance, the last update sequence number a relay holds, to tell from an update heard through
 * Redis whether it follows on, was already held, or leaves a gap that the log must fill. Updates are
 * numbered without gaps per alliance by the log, so a jump is always a loss (a publish dropped while
 * Redis was down, or messages sent while this relay was resubscribing).
 */
export type SeqVerdict = 'next' | 'held' | 'gap';

export class SeqFollower {
  private readonly last = new Map<string, number>();

  /** Starts following `allianceId` from `seq`, the last one its room loaded from the log. */
  loaded(allianceId: string, seq: number): void {
    this.last.set(allianceId, seq);
  }

  forget(allianceId: string): void {
    this.last.delete(allianceId);
  }

  lastSeq(allianceId: string): number | undefined {
    return this.last.get(allianceId);
  }

  /**
   * What `seq` is to `allianceId`: 'next' (and now the last), 'held' (at or below the last), or
   * 'gap' (the room must load what follows `lastSeq` from the log, then call `loaded`). An alliance
   * not followed is a gap from nothing.
   */
  heard(allianceId: string, seq: number): SeqVerdict {
    const last = this.last.get(allianceId);
    if (last === undefined) return 'gap';
    if (seq <= last) return 'held';
    if (seq !== last + 1) return 'gap';
    this.last.set(allianceId, seq);
    return 'next';
  }
}
