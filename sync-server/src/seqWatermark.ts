/**
 * Which of an alliance's update sequence numbers a room has applied. The log numbers each alliance's
 * updates 1, 2, 3, ... without gaps, in commit order; with several relays on one alliance, a room
 * hears them out of order (its own appends come back at once, another relay's through Redis later).
 * `through` is the contiguous watermark: every number up to it is applied here. Numbers above a gap
 * wait in `above` until the gap is filled, so a compaction through `through` never folds an update
 * this room does not hold.
 */
export type SeqReceipt = 'next' | 'held' | 'ahead';

export class SeqWatermark {
  private last: number;
  /** Applied numbers above the first gap. */
  private readonly above = new Set<number>();
  /** The highest number applied (above any gap). */
  private top: number;

  constructor(through: number) {
    this.last = through;
    this.top = through;
  }

  get through(): number {
    return this.last;
  }

  get highest(): number {
    return this.top;
  }

  /** Whether some number below the highest applied is missing here. */
  get hasGap(): boolean {
    return this.above.size > 0;
  }

  has(seq: number): boolean {
    return seq <= this.last || this.above.has(seq);
  }

  /** `seq` is applied here: 'next' (it moved the watermark), 'held' (already applied), or 'ahead' (above a gap). */
  applied(seq: number): SeqReceipt {
    if (this.has(seq)) return 'held';
    this.top = Math.max(this.top, seq);
    if (seq !== this.last + 1) {
      this.above.add(seq);
      return 'ahead';
    }
    this.last = seq;
    while (this.above.delete(this.last + 1)) this.last += 1;
    return 'next';
  }

  /** A whole document read through `seq` was applied (after a compaction folded what was missing). */
  appliedThrough(seq: number): void {
    if (seq <= this.last) return;
    this.last = seq;
    this.top = Math.max(this.top, seq);
    for (const held of this.above) if (held <= seq) this.above.delete(held);
    while (this.above.delete(this.last + 1)) this.last += 1;
  }
}
