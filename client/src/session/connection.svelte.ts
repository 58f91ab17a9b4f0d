import { CLOSE_CODES } from '@trellis/shared';

/**
 * Where this device stands with the relay, for one alliance:
 * - offline: no socket (no network, or the relay is unreachable); retrying with backoff
 * - connecting: a socket is opening or syncing
 * - synced: the relay and this device have exchanged everything
 * - refused: the relay refused the link (unknown or revoked; a socket close code) or refused to register the
 *   alliance (an HTTP status: 409 the id is taken, 400 a malformed request); the local copy stays, read-only
 * - local: made on this device and not yet registered with a relay
 */
export type ConnectionStatus = 'offline' | 'connecting' | 'synced' | 'refused' | 'local';

export interface ConnectionSnapshot {
  status: ConnectionStatus;
  pending: number;
  refusedCode: number | null;
  lastSyncedAt: number | null;
}

/**
 * Counts local changes that the relay has not yet seen. A change made while synced goes straight
 * onto the open socket; a change made at any other time waits for the next sync, whose
 * step-1/step-2 exchange carries every missing update, so reaching `synced` clears the count.
 */
export class Connection {
  status = $state<ConnectionStatus>('connecting');
  pending = $state(0);
  refusedCode = $state<number | null>(null);
  lastSyncedAt = $state<number | null>(null);

  readonly label = $derived(connectionLabel(this.status, this.pending, this.refusedCode));

  constructor(
    initial: Partial<ConnectionSnapshot> = {},
    private readonly now: () => number = Date.now,
    private readonly onPersist: (snapshot: ConnectionSnapshot) => void = () => {},
  ) {
    this.status = initial.status ?? 'connecting';
    this.pending = initial.pending ?? 0;
    this.refusedCode = initial.refusedCode ?? null;
    this.lastSyncedAt = initial.lastSyncedAt ?? null;
    if (this.refusedCode !== null) this.status = 'refused';
  }

  /** A change made on this device (not one loaded from disk or received from the relay). */
  localChange(): void {
    if (this.status === 'synced') return;
    this.pending += 1;
    this.persist();
  }

  connecting(): void {
    if (this.status === 'refused') return;
    this.status = 'connecting';
  }

  synced(): void {
    if (this.status === 'refused') return;
    this.status = 'synced';
    this.pending = 0;
    this.lastSyncedAt = this.now();
    this.persist();
  }

  disconnected(): void {
    if (this.status === 'refused' || this.status === 'local') return;
    this.status = 'offline';
  }

  /** Not yet registered with any relay: every change so far is local only. */
  localOnly(): void {
    if (this.status === 'refused') return;
    this.status = 'local';
  }

  refused(code: number): void {
    this.status = 'refused';
    this.refusedCode = code;
    this.persist();
  }

  snapshot(): ConnectionSnapshot {
    return { status: this.status, pending: this.pending, refusedCode: this.refusedCode, lastSyncedAt: this.lastSyncedAt };
  }

  private persist(): void {
    this.onPersist(this.snapshot());
  }
}

export function connectionLabel(status: ConnectionStatus, pending: number, refusedCode: number | null): string {
  const waiting = pending === 1 ? '1 change not yet on the relay' : `${pending} changes not yet on the relay`;
  switch (status) {
    case 'synced':
      return 'Synced';
    case 'connecting':
      return pending > 0 ? `Connecting · ${waiting}` : 'Connecting';
    case 'offline':
      return pending > 0 ? `Offline · ${waiting}` : 'Offline';
    case 'local':
      return pending > 0 ? `On this device only · ${waiting}` : 'On this device only';
    case 'refused':
      return refusalMessage(refusedCode);
  }
}

/** What a refused link means for the person holding it. */
export function refusalMessage(code: number | null): string {
  if (code === CLOSE_CODES.revoked) {
    return 'This link was revoked by the alliance owner. Your copy on this device stays, read-only.';
  }
  if (code === CLOSE_CODES.unauthorized) {
    return 'The relay does not know this link. Your copy on this device stays, read-only.';
  }
  if (code === CLOSE_CODES.damaged) {
    return "The relay cannot read its stored copy of this alliance and has set it aside for its operator. Your copy on this device stays, read-only: nothing of it is lost.";
  }
  if (code === CLOSE_CODES.malformed || code === CLOSE_CODES.tooLarge) {
    return 'The relay refused a change from this device as malformed or too large. Your copy on this device stays, read-only; reload the app to try again.';
  }
  if (code === 409) {
    return 'The relay already keeps an alliance with this id under another owner. Your copy on this device stays, read-only.';
  }
  return 'The relay refused this link. Your copy on this device stays, read-only.';
}
