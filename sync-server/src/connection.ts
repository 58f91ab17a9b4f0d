import WebSocket from 'ws';
import type { Role } from '@trellis/shared';
import { Liveness } from './liveness.ts';
import type { RelayMetrics } from './metrics.ts';
import { TokenBucket } from './tokenBucket.ts';
import type { RelayLimits } from './limits.ts';
import type { Room } from './room.ts';

export type ConnectionState = 'authorising' | 'open' | 'closed';

/** One client socket: who it is (after its token is checked), its room, what it may still send. */
export class Connection {
  state: ConnectionState = 'authorising';
  role: Role | null = null;
  linkId: string | null = null;
  /** The partner the link acts for (its `partnerId`), null for a facilitator's or an older link. */
  partnerId: string | null = null;
  /** The person's label on the link, for the activity record. */
  linkLabel = '';
  room: Room | null = null;
  /** Frames that arrived before the socket was authorised and its room loaded. */
  queued: Uint8Array[] = [];
  queuedBytes = 0;
  /** Its pings and answers: a peer whose network dropped is cut within seconds (KEEPALIVE-1). */
  readonly liveness = new Liveness(performance.now());
  /** Counted among its link's open sockets (SOCKETS-1) until it closes. */
  countedForLink = false;
  /** When this socket last had everyone's presence on asking (query-awareness), in ms (`performance.now`). */
  presenceAnsweredAt = -Infinity;
  readonly bucket: TokenBucket;

  private backlogLimit: number;
  private readonly closeTimeoutMs: number;

  constructor(
    readonly socket: WebSocket,
    readonly allianceId: string,
    readonly address: string,
    limits: RelayLimits,
    private readonly metrics: RelayMetrics,
    /** Called once the socket's unsent backlog is over the limit: it has stopped reading. */
    private readonly fellBehind: (connection: Connection) => void,
  ) {
    this.bucket = new TokenBucket(limits.rateBurst, limits.ratePerSecond);
    this.backlogLimit = limits.maxSendBacklogBytes;
    this.closeTimeoutMs = limits.closeTimeoutMs;
  }

  /** A getter, not the field: the state changes across awaits, so it must not be narrowed. */
  get closed(): boolean {
    return this.state === 'closed';
  }

  get canWrite(): boolean {
    return this.role === 'owner' || this.role === 'edit';
  }

  send(frame: Uint8Array): void {
    if (!this.sendable) return;
    this.socket.send(frame);
    this.sent(frame.byteLength);
  }

  private get sendable(): boolean {
    return this.state !== 'closed' && this.socket.readyState === WebSocket.OPEN;
  }

  /**
   * Counts a sent message and checks the backlog: over the limit, the socket has stopped reading.
   * The limit grows to twice the largest frame sent on this socket, so that a client that joined a
   * document bigger than the limit can still take its first answer and what follows it.
   */
  private sent(frameBytes: number): void {
    this.metrics.messagesOut += 1;
    this.metrics.bytesOut += frameBytes;
    if (2 * frameBytes > this.backlogLimit) this.backlogLimit = 2 * frameBytes;
    if (this.socket.bufferedAmount > this.backlogLimit) this.fellBehind(this);
  }

  /**
   * Closes with a documented code; later frames from this socket are ignored. A peer that does not
   * answer the close frame within `closeTimeoutMs` is cut (ws alone would hold it 30 s) (TIMEOUT-3).
   */
  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.queued = [];
    if (code !== 1001) this.metrics.refused(code);
    this.socket.close(code, reason);
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const cut = setTimeout(() => this.socket.terminate(), this.closeTimeoutMs);
    cut.unref();
    this.socket.once('close', () => clearTimeout(cut));
  }
}
