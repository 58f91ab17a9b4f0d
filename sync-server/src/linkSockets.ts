/** Open sockets per link (SOCKETS-1): a link may hold a bounded number at once; a closed one makes room. */
export class LinkSockets {
  private readonly open = new Map<string, number>();

  /** Counts a socket of `linkId` in, unless the link already holds `max`; false then. */
  take(linkId: string, max: number): boolean {
    const count = this.open.get(linkId) ?? 0;
    if (count >= max) return false;
    this.open.set(linkId, count + 1);
    return true;
  }

  /** A counted socket of `linkId` closed. */
  release(linkId: string): void {
    const left = (this.open.get(linkId) ?? 1) - 1;
    if (left > 0) this.open.set(linkId, left);
    else this.open.delete(linkId);
  }
}
