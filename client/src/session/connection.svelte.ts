import { CLOSE_CODES } from '@trellis/shared';

/**
 * Where this device stands with the relay, for one alliance:
 * - offline: no socket, and the browser has no network; it reconnects when the network is back
 * - unreachable: no socket though the browser is online (the relay is down or unreachable); retrying with backoff
 * - connecting: a socket is opening or syncing
 * - synced: the relay and this device have exchanged everything
 * - refused: the relay refused the link (unknown or revoked; a socket close code) or refused to register the
 *   alliance (an HTTP status: 409 the id is taken, 400 a malformed request); the local copy stays, read-only
 * - local: made on this device and not yet registered with a relay
 */
export type ConnectionStatus = 'offline' | 'unreachable' | 'connecting' | 'synced' | 'refused' | 'local';

export interface ConnectionSnapshot {
  status: ConnectionStatus;
  pending: number;
  refusedCode: number | null;
  lastSyncedAt: number | null;
}

/** Changes from one source (the charter editor, a form) this close together are one edit: a typed sentence, not its keys. */
export const EDIT_PAUSE_MS = 1_500;

/**
 * Counts local edits that the relay has not yet seen. A change made while synced goes straight
 * onto the open socket; a change made at any other time waits for the next sync, whose
 * step-1/step-2 exchange carries every missing update, so reaching `synced` clears the count.
 */
export class Connection {
  status = $state<ConnectionStatus>('connecting');
  pending = $state(0);
  refusedCode = $state<number | null>(null);
  lastSyncedAt = $state<number | null>(null);
  /** False when the relay refused a link that never brought the alliance here: there is no copy to keep. */
  copyKept = $state(true);

  readonly label = $derived(connectionLabel(this.status, this.pending, this.refusedCode, this.copyKept));

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

  private lastChange: { source: unknown; at: number } | null = null;

  /**
   * A change made on this device (not one loaded from disk or received from the relay), by `source` (the
   * transaction's origin). It starts a new edit unless it continues the last one: same source, within EDIT_PAUSE_MS.
   */
  localChange(source: unknown = null): void {
    if (this.status === 'synced') return;
    const at = this.now();
    const last = this.lastChange;
    this.lastChange = { source, at };
    if (this.pending > 0 && last !== null && last.source === source && at - last.at < EDIT_PAUSE_MS) return;
    this.pending += 1;
    this.persist();
  }

  /** A socket is opening. Retrying an unreachable relay stays "unreachable" until a socket gets through. */
  connecting(): void {
    if (this.status === 'refused' || this.status === 'unreachable') return;
    this.status = 'connecting';
  }

  synced(): void {
    if (this.status === 'refused') return;
    this.status = 'synced';
    this.pending = 0;
    this.lastChange = null;
    this.lastSyncedAt = this.now();
    this.persist();
  }

  /** No socket: the browser is offline, or it is online and the relay does not answer. */
  disconnected(online: boolean): void {
    if (this.status === 'refused' || this.status === 'local') return;
    this.status = online ? 'unreachable' : 'offline';
  }

  /** Not yet registered with any relay: every change so far is local only. */
  localOnly(): void {
    if (this.status === 'refused') return;
    this.status = 'local';
  }

  refused(code: number, copyKept = true): void {
    this.status = 'refused';
    this.refusedCode = code;
    this.copyKept = copyKept;
    this.persist();
  }

  snapshot(): ConnectionSnapshot {
    return { status: this.status, pending: this.pending, refusedCode: this.refusedCode, lastSyncedAt: this.lastSyncedAt };
  }

  private persist(): void {
    this.onPersist(this.snapshot());
  }
}

export function connectionLabel(status: ConnectionStatus, pending: number, refusedCode: number | null, copyKept = true): string {
  const waiting = pending === 1 ? '1 change not yet on the relay' : `${pending} changes not yet on the relay`;
  switch (status) {
    case 'synced':
      return 'Synced';
    case 'connecting':
      return pending > 0 ? `Connecting · ${waiting}` : 'Connecting';
    case 'offline':
      return pending > 0 ? `Offline · ${waiting}` : 'Offline';
    case 'unreachable':
      return pending > 0 ? `Relay unreachable · ${waiting}` : 'Relay unreachable, retrying';
    case 'local':
      return pending > 0 ? `On this device only · ${waiting}` : 'On this device only';
    case 'refused':
      // The banner under the title says why in full (refusalMessage; with no copy, refusalWithNothingKept): the badge stays short.
      return copyKept ? refusalBadge(refusedCode) : 'Link refused · nothing downloaded';
  }
}

/** What the browser says of its network (true where it cannot tell). */
export function isOnline(): boolean {
  return globalThis.navigator?.onLine ?? true;
}

/** The refusals after which a link that brought nothing leaves nothing on this device: it opens nothing, now or later. */
export function opensNothing(code: number): boolean {
  return code === CLOSE_CODES.unauthorized || code === CLOSE_CODES.revoked || code === CLOSE_CODES.notFound;
}

/** A refused link that never brought the alliance to this device: said plainly, with no copy to speak of. */
export function refusalWithNothingKept(code: number | null): string {
  const nothing = 'Nothing of it was downloaded, and this device keeps nothing of it.';
  if (code === CLOSE_CODES.revoked) return `This link was revoked by the alliance owner. ${nothing} Ask a partner for a new link.`;
  return `The relay does not know this link: it may be mistyped or cut short, or the alliance was removed. ${nothing}`;
}

/** A refusal in a few words, for the sync badge and the alliance's card; the copy kept is read-only. */
export function refusalBadge(code: number | null): string {
  if (code === CLOSE_CODES.revoked) return 'Link revoked · read-only';
  if (code === CLOSE_CODES.unauthorized) return 'Link unknown to the relay · read-only';
  if (code === CLOSE_CODES.damaged) return 'Set aside by the relay · read-only';
  if (code === CLOSE_CODES.malformed || code === CLOSE_CODES.tooLarge) return 'A change was refused · read-only';
  if (code === 409) return 'Id taken on the relay · read-only';
  return 'Link refused · read-only';
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
