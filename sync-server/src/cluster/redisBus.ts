/**
 * The relays of one cluster, talking through Redis: one channel per alliance for its updates and
 * presence, one cluster-wide channel for revoked links. Two connections (ioredis): a subscriber, and
 * a publisher that never queues while Redis is down.
 *
 * Resubscribing is ours, not ioredis's (autoResubscribe is off): its 'ready' fires before its own
 * resubscription is confirmed, and a room must fill its gap from the log only once it hears Redis
 * again, or updates published in between would be missed by both. So on every 'ready' after the
 * first, the bus subscribes to every followed alliance, awaits the confirmation, then calls
 * `resubscribed`.
 *
 * Publishing while Redis is down drops the message (it never blocks the local path, never grows a
 * queue) and marks the alliance: once the publisher is back, `droppedWhileDown` names them, and the
 * relay republishes each one's latest update, whose sequence number makes every other relay fill the
 * gap from the log (SeqWatermark, clusterChannels.ts). Presence is dropped unmarked (clients resend it). Revocations,
 * small and rare, wait in a bounded list and are sent when Redis is back (heard by the relays that
 * kept Redis; the others check their links on `resubscribed`).
 */
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { errorMessage, type Logger } from '../log.ts';
import { type ClusterMessage, decodeClusterMessage, encodeClusterMessage } from './clusterMessage.ts';
import { ClusterMetrics } from './publishLag.ts';

export interface RedisBusOptions {
  /** redis://host:port[/db] */
  url: string;
  /** Prefix of every channel, so that clusters (and test runs) sharing one Redis never hear each other. */
  prefix: string;
  /** Bound on a message's payload; larger messages are refused on receipt (the relay's frame limit). */
  maxPayloadBytes: number;
  log: Logger;
  /** A message from another relay (this relay's own are not handed back). */
  received: (message: ClusterMessage) => void;
  /**
   * Redis was lost and is back: these alliances are heard again. Fill each from the log, and check
   * the links of their open sockets against the registry: a revocation published while this relay
   * was resubscribing was not heard here.
   */
  resubscribed: (allianceIds: string[]) => void;
  /** Redis is back for publishing: these alliances' updates were dropped meanwhile; republish each one's latest. */
  droppedWhileDown: (allianceIds: string[]) => void;
  /** Defaults to a random one per process. */
  relayId?: string;
}

/** Revocations kept while Redis is down; past this, the oldest are dropped (each is also in the store). */
const MAX_PENDING_REVOCATIONS = 10_000;
/** A publish not answered in this time has failed (a Redis that hangs must not hold messages forever). */
const COMMAND_TIMEOUT_MS = 2_000;

/** After a publish failed on a live connection, how soon the bus retries revocations and reports dropped alliances. */
const RECOVERY_DELAY_MS = 500;

export function newRelayId(): string {
  return randomBytes(9).toString('base64url');
}

export class RedisBus {
  readonly relayId: string;
  readonly metrics = new ClusterMetrics();
  private readonly subscriber: Redis;
  private readonly publisher: Redis;
  private readonly followed = new Set<string>();
  private readonly dropped = new Set<string>();
  private pendingRevocations: Array<Extract<ClusterMessage, { kind: 'revoked' }>> = [];
  private subscriberWasReady = false;
  private recovery: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly subscribed: Promise<void>;
  private readonly firstSubscribed: () => void;

  constructor(private readonly options: RedisBusOptions) {
    this.relayId = options.relayId ?? newRelayId();
    let resolve = () => {};
    this.subscribed = new Promise<void>((done) => (resolve = done));
    this.firstSubscribed = resolve;
    const common = {
      enableOfflineQueue: false,
      autoResubscribe: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      // Back within a second of Redis: revocations are promised cluster-wide within one.
      retryStrategy: (times: number) => Math.min(50 * times, 500),
    };
    this.subscriber = new Redis(options.url, { ...common, connectionName: `trellis-sub-${this.relayId}` });
    this.publisher = new Redis(options.url, { ...common, connectionName: `trellis-pub-${this.relayId}` });
    for (const [name, client] of [['subscriber', this.subscriber], ['publisher', this.publisher]] as const) {
      let lastError = '';
      client.on('error', (error: Error) => {
        // ioredis reports every failed reconnect: log a reason once, not once per retry.
        if (error.message !== lastError) options.log('warn', 'redis error', { connection: name, error: error.message });
        lastError = error.message;
      });
      client.on('close', () => {
        if (!this.closed) options.log('warn', 'redis connection lost', { connection: name });
      });
      client.on('ready', () => {
        lastError = '';
        options.log('info', 'redis ready', { connection: name });
      });
    }
    this.subscriber.on('ready', () => void this.subscriberReady());
    this.publisher.on('ready', () => this.publisherReady());
    this.subscriber.on('messageBuffer', (channel: Buffer, bytes: Buffer) => this.heard(channel.toString(), bytes));
  }

  /** Both connections ready (and the first subscriptions confirmed). */
  async ready(): Promise<void> {
    await Promise.all([this.subscribed, new Promise<void>((resolve) => (this.publisher.status === 'ready' ? resolve() : this.publisher.once('ready', () => resolve())))]);
  }

  get connected(): boolean {
    return this.subscriber.status === 'ready' && this.publisher.status === 'ready';
  }

  /** A room opened: hear its alliance. Resolves once Redis confirms (or at once while Redis is down). */
  async follow(allianceId: string): Promise<void> {
    if (this.followed.has(allianceId)) return;
    this.followed.add(allianceId);
    if (this.subscriber.status === 'ready') await this.subscriber.subscribe(this.roomChannel(allianceId)).catch(() => undefined);
  }

  /** A room closed. */
  async unfollow(allianceId: string): Promise<void> {
    if (!this.followed.delete(allianceId)) return;
    if (this.subscriber.status === 'ready') await this.subscriber.unsubscribe(this.roomChannel(allianceId)).catch(() => undefined);
  }

  publishUpdate(allianceId: string, seq: number, payload: Uint8Array): void {
    this.publish(this.roomChannel(allianceId), { kind: 'update', originRelayId: this.relayId, allianceId, seq, payload, publishedAt: Date.now() });
  }

  publishPresence(allianceId: string, payload: Uint8Array): void {
    this.publish(this.roomChannel(allianceId), { kind: 'presence', originRelayId: this.relayId, allianceId, payload, publishedAt: Date.now() });
  }

  /** This relay opened the room: the others answer with their people's presence. */
  publishPresenceQuery(allianceId: string): void {
    this.publish(this.roomChannel(allianceId), { kind: 'presenceQuery', originRelayId: this.relayId, allianceId, publishedAt: Date.now() });
  }

  /** Every relay cuts `linkId`'s sockets; this relay does its own without waiting for Redis. */
  publishRevoked(allianceId: string, linkId: string): void {
    this.publish(this.revokedChannel, { kind: 'revoked', originRelayId: this.relayId, allianceId, linkId, publishedAt: Date.now() });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.recovery);
    await Promise.all([this.subscriber, this.publisher].map((client) => client.quit().catch(() => client.disconnect())));
  }

  private roomChannel(allianceId: string): string {
    return `${this.options.prefix}room:${allianceId}`;
  }

  private get revokedChannel(): string {
    return `${this.options.prefix}revoked`;
  }

  private async subscriberReady(): Promise<void> {
    const again = this.subscriberWasReady;
    this.subscriberWasReady = true;
    const alliances = [...this.followed];
    try {
      await this.subscriber.subscribe(this.revokedChannel, ...alliances.map((id) => this.roomChannel(id)));
    } catch (error) {
      // Lost again before the confirmation: the next 'ready' subscribes (and reports) anew.
      this.options.log('warn', 'redis subscribe failed', { error: errorMessage(error) });
      return;
    }
    this.firstSubscribed();
    if (!again) return;
    this.metrics.resubscribes += 1;
    // Only those still followed: a room may have closed while the subscription was under way.
    const still = alliances.filter((id) => this.followed.has(id));
    this.options.log('info', 'redis resubscribed', { alliances: still.length });
    if (still.length > 0) this.options.resubscribed(still);
  }

  private publisherReady(): void {
    const revocations = this.pendingRevocations;
    this.pendingRevocations = [];
    for (const message of revocations) this.publish(this.revokedChannel, message);
    if (this.dropped.size === 0) return;
    const alliances = [...this.dropped];
    this.dropped.clear();
    this.options.droppedWhileDown(alliances);
  }

  private publish(channel: string, message: ClusterMessage): void {
    if (this.publisher.status !== 'ready') {
      this.droppedPublish(message);
      return;
    }
    const bytes = Buffer.from(encodeClusterMessage(message));
    this.publisher.publish(channel, bytes).then(
      () => (this.metrics.published += 1),
      () => this.droppedPublish(message),
    );
  }

  private droppedPublish(message: ClusterMessage): void {
    this.metrics.publishesDropped += 1;
    if (message.kind === 'update') this.dropped.add(message.allianceId);
    else if (message.kind === 'revoked') {
      this.pendingRevocations.push(message);
      if (this.pendingRevocations.length > MAX_PENDING_REVOCATIONS) this.pendingRevocations.shift();
    } else return;
    // The command failed on a connection still up (a timeout): no 'ready' will come to recover it.
    if (this.publisher.status === 'ready' && !this.closed && this.recovery === undefined) {
      this.recovery = setTimeout(() => {
        this.recovery = undefined;
        if (this.publisher.status === 'ready' && !this.closed) this.publisherReady();
      }, RECOVERY_DELAY_MS);
    }
  }

  private heard(channel: string, bytes: Buffer): void {
    const message = decodeClusterMessage(bytes, this.options.maxPayloadBytes);
    const expected = message === null ? undefined : message.kind === 'revoked' ? this.revokedChannel : this.roomChannel(message.allianceId);
    if (message === null || channel !== expected) {
      this.metrics.malformed += 1;
      this.options.log('warn', 'cluster message refused', { channel, bytes: bytes.length });
      return;
    }
    if (message.originRelayId === this.relayId) return;
    this.metrics.received += 1;
    this.metrics.observeLag((Date.now() - message.publishedAt) / 1000);
    this.options.received(message);
  }
}
