// Over 400 lines on purpose: a socket's whole life on the relay — handshake, message loop, refusals, close — reads
// in order in one file.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import { CLOSE_CODES, REFUSED_CLOSE_REASON, ROUTES, SUBPROTOCOL, isAllianceId } from '@trellis/shared';
import type { AuthFailures } from './authFailures.ts';
import type { ClientAddresses } from './clientAddress.ts';
import { Connection } from './connection.ts';
import { LinkSockets } from './linkSockets.ts';
import { LIVENESS_TICK_MS } from './liveness.ts';
import { secretOf, toBytes } from './socketInput.ts';
import type { RelayLimits } from './limits.ts';
import { errorMessage, type Logger } from './log.ts';
import type { RelayMetrics } from './metrics.ts';
import { DamagedAlliance, type Room, type UpdateOutcome } from './room.ts';
import type { Rooms } from './rooms.ts';
import { hashSecret, sameHash } from './secrets.ts';
import type { AllianceStore, LinkRecord } from './store/allianceStore.ts';
import { decodeFrame, encodeRefusalFrame, type SyncFrame } from './syncFrame.ts';

const SYNC_PREFIX = `${ROUTES.sync}/`;


/** A socket's query-awareness is answered at most once in this many milliseconds (QUERY-1). */
const PRESENCE_QUERY_INTERVAL_MS = 1_000;
/**
 * The WebSocket side: `/sync/<allianceId>`, the secret as `?token=` or as the second
 * Sec-WebSocket-Protocol value after `trellis`. Every frame is decoded; a frame that does not
 * decode, breaks a rule or exceeds a limit closes that socket only, with a documented code.
 */
export class SyncEndpoint {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private readonly linkSockets = new LinkSockets();
  private readonly keepalive: NodeJS.Timeout;

  constructor(
    private readonly store: AllianceStore,
    private readonly rooms: Rooms,
    private readonly limits: RelayLimits,
    private readonly authFailures: AuthFailures,
    private readonly addresses: ClientAddresses,
    private readonly metrics: RelayMetrics,
    private readonly log: Logger,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: limits.maxFrameBytes,
      perMessageDeflate: false,
      // Our app offers `trellis` then its secret; the relay answers with `trellis` alone.
      handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    });
    this.keepalive = setInterval(() => this.checkLiveness(), LIVENESS_TICK_MS);
    this.keepalive.unref();
  }

  /** An HTTP upgrade request; true when it was for the sync route (and is now handled). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const pathname = (request.url ?? '').split('?')[0]!;
    if (!pathname.startsWith(SYNC_PREFIX)) return false;
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request, pathname));
    return true;
  }

  /** Closes the live sockets of a revoked link with 4403. */
  closeLink(linkId: string): void {
    for (const connection of this.connections) {
      if (connection.linkId === linkId) this.refuse(connection, CLOSE_CODES.revoked, 'link revoked');
    }
  }

  /** On shutdown: 1001 to everyone; waits (briefly) for the closing handshakes. */
  async closeAll(): Promise<void> {
    clearInterval(this.keepalive);
    const closed = [...this.connections].map(
      (connection) =>
        new Promise<void>((resolve) => {
          if (connection.socket.readyState === WebSocket.CLOSED) return resolve();
          connection.socket.once('close', () => resolve());
          connection.close(CLOSE_CODES.goingAway, 'relay shutting down');
        }),
    );
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 1_000).unref());
    await Promise.race([Promise.all(closed), timeout]);
    for (const connection of this.connections) connection.socket.terminate();
    this.wss.close();
  }

  private accept(ws: WebSocket, request: IncomingMessage, pathname: string): void {
    const allianceId = pathname.slice(SYNC_PREFIX.length);
    const address = this.addresses.of(request);
    const connection = new Connection(ws, allianceId, address, this.limits, this.metrics, this.dropSlowReader);
    this.connections.add(connection);
    this.metrics.connections = this.connections.size;

    // An oversized or broken frame surfaces here; without a listener it would kill the process.
    ws.on('error', (error) => {
      this.log('warn', 'socket error', { alliance: isAllianceId(allianceId) ? allianceId : null, error: error.message });
      if (connection.state !== 'closed') {
        connection.state = 'closed';
        this.metrics.refused(CLOSE_CODES.messageTooBig);
      }
    });
    ws.on('pong', () => connection.liveness.answered(performance.now()));
    ws.on('message', (data, isBinary) => {
      connection.liveness.heard(performance.now());
      this.onMessage(connection, data, isBinary);
    });
    ws.on('close', () => this.onClose(connection));

    if (!isAllianceId(allianceId)) {
      this.refuse(connection, CLOSE_CODES.notFound, 'not an alliance id');
      return;
    }
    void this.authorise(connection, request);
  }

  /**
   * A socket that stopped reading: refused with 1013 (the stock client reconnects and fetches only
   * what it lacks), then cut at once, since the close frame would wait behind the backlog and the
   * backlog is the memory to give back.
   */
  private readonly dropSlowReader = (connection: Connection): void => {
    this.refuse(connection, CLOSE_CODES.tryAgainLater, 'too far behind: send backlog over the limit');
    connection.socket.terminate();
  };

  /**
   * The secret is always looked up: a valid one connects whatever its network's failures. An
   * unknown one counts a failure and, once the network is over its limit, is refused with 1013
   * (the stock client retries) rather than 4401 (it stops), so noise from a shared address never
   * locks anyone out (GUESS-1).
   */
  private async authorise(connection: Connection, request: IncomingMessage): Promise<void> {
    const token = secretOf(request);
    if (token === null) {
      this.refuse(connection, CLOSE_CODES.unauthorized, 'no token');
      return;
    }
    let link: LinkRecord | null;
    const tokenHash = hashSecret(token);
    try {
      link = await this.store.findLinkByTokenHash(tokenHash);
    } catch (error) {
      this.log('error', 'token lookup failed', { error: errorMessage(error) });
      this.refuse(connection, CLOSE_CODES.tryAgainLater, 'store unavailable');
      return;
    }
    if (connection.closed) return;
    if (!link || link.allianceId !== connection.allianceId || !sameHash(link.tokenHash, tokenHash)) {
      if (this.authFailures.fail(connection.address)) {
        this.refuse(connection, CLOSE_CODES.tryAgainLater, 'too many failed attempts from this network');
      } else {
        this.refuse(connection, CLOSE_CODES.unauthorized, 'unknown token');
      }
      return;
    }
    if (link.revokedAt !== null) {
      this.refuse(connection, CLOSE_CODES.revoked, 'link revoked');
      return;
    }
    if (!this.linkSockets.take(link.id, this.limits.maxSocketsPerLink)) {
      this.refuse(connection, CLOSE_CODES.tryAgainLater, 'too many connections are open with this link');
      return;
    }
    connection.countedForLink = true;
    connection.role = link.role;
    connection.linkId = link.id;
    connection.partnerId = link.partnerId;
    connection.linkLabel = link.label;

    let room: Room;
    try {
      const acquired = this.rooms.acquire(connection.allianceId);
      room = acquired instanceof Promise ? await acquired : acquired;
    } catch (error) {
      if (error instanceof DamagedAlliance) {
        this.refuse(connection, CLOSE_CODES.damaged, 'the relay cannot read its copy of this alliance');
        return;
      }
      this.log('error', 'room load failed', {
        alliance: connection.allianceId,
        error: errorMessage(error),
      });
      this.refuse(connection, CLOSE_CODES.tryAgainLater, 'store unavailable');
      return;
    }
    if (connection.closed) {
      // Closed while the room loaded: the room may now be unused.
      this.rooms.released(room);
      return;
    }
    room.join(connection);
    connection.state = 'open';
    if (connection.canWrite) room.askForMissing(connection);
    room.sendPresence(connection);
    if (!room.rebuilding) this.handleQueued(connection, room);
  }

  /** Frames that waited (for authorisation, or for the room to be rebuilt), in order. */
  private handleQueued(connection: Connection, room: Room): void {
    const queued = connection.queued;
    connection.queued = [];
    connection.queuedBytes = 0;
    for (const frame of queued) {
      if (connection.closed || room.rebuilding) {
        connection.queued.push(frame);
        connection.queuedBytes += frame.byteLength;
        continue;
      }
      this.handleFrame(connection, room, frame);
    }
  }

  private onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    if (connection.state === 'closed') return;
    const bytes = toBytes(data);
    this.metrics.messagesIn += 1;
    this.metrics.bytesIn += bytes.byteLength;
    if (!isBinary) {
      this.refuse(connection, CLOSE_CODES.malformed, 'text frames are not part of the protocol');
      return;
    }
    if (!connection.bucket.take()) {
      this.refuse(connection, CLOSE_CODES.tryAgainLater, 'over the message rate limit');
      return;
    }
    if (connection.state === 'authorising' || connection.room?.rebuilding) {
      connection.queuedBytes += bytes.byteLength;
      if (connection.queuedBytes > this.limits.maxUnauthorisedQueueBytes) {
        this.refuse(connection, CLOSE_CODES.tooLarge, 'too much sent while the relay could not yet handle it');
        return;
      }
      connection.queued.push(bytes);
      return;
    }
    this.handleFrame(connection, connection.room!, bytes);
  }

  private handleFrame(connection: Connection, room: Room, bytes: Uint8Array): void {
    const decoded = decodeFrame(bytes);
    if (!decoded.ok) {
      this.refuse(connection, CLOSE_CODES.malformed, decoded.reason);
      return;
    }
    try {
      this.handleDecoded(connection, room, decoded.frame);
    } catch (error) {
      if (error instanceof DamagedAlliance) {
        this.quarantine(room);
        return;
      }
      // A fault in one alliance's handling reaches only the socket that caused it.
      this.log('error', 'frame handling failed', {
        alliance: room.allianceId,
        error: errorMessage(error),
      });
      this.refuse(connection, CLOSE_CODES.internalError, 'the relay could not handle that frame');
    }
  }

  private handleDecoded(connection: Connection, room: Room, frame: SyncFrame): void {
    switch (frame.kind) {
      case 'syncStep1':
        if (!room.plausibleStateVector(frame.stateVector)) {
          this.refuse(connection, CLOSE_CODES.malformed, 'the state vector names far more clients than the alliance holds');
          return;
        }
        room.answerStateVector(connection, frame.stateVector);
        return;
      case 'syncStep2':
      case 'update': {
        // A view link's writes are decoded like any other and then never applied, stored or relayed.
        if (!connection.canWrite) return;
        this.answerUpdate(connection, room.applyClientUpdate(connection, frame.update));
        // Held updates this one released and the check refused belong to their own writers.
        if (room.heldRefusals.length > 0) for (const { from, outcome } of room.heldRefusals.splice(0)) this.answerUpdate(from, outcome);
        if (room.failure) this.afterIntegrationFailure(room, room.failure);
        return;
      }
      case 'awareness': {
        const outcome = room.applyPresence(connection, frame.update, this.limits);
        // A stock client's echo of a frame the relay sent it does not count toward its message rate:
        // else a flood of presence in its room would get every stock client in it cut (1013).
        if (outcome.ok && outcome.echo) connection.bucket.give();
        if (outcome.ok) return;
        // Over the presence rate: 1013, which the stock client retries; a bad update: 4400.
        const code = outcome.refusal === 'tooFast' ? CLOSE_CODES.tryAgainLater : CLOSE_CODES.malformed;
        this.refuse(connection, code, `awareness: ${outcome.reason}`);
        return;
      }
      case 'queryAwareness': {
        // Everyone's presence can be large (each socket may speak for a few states of up to 8 KiB): a socket
        // asking again within a second is not answered again, so asking cannot amplify (QUERY-1).
        const now = performance.now();
        if (now - connection.presenceAnsweredAt < PRESENCE_QUERY_INTERVAL_MS) return;
        connection.presenceAnsweredAt = now;
        room.sendPresence(connection);
        return;
      }
      case 'auth':
      case 'unknown':
        return;
    }
  }

  private answerUpdate(connection: Connection, outcome: UpdateOutcome): void {
    if (outcome.kind === 'malformed') {
      this.refuse(connection, CLOSE_CODES.malformed, `update refused: ${outcome.reason}`);
    } else if (outcome.kind === 'too-many-held') {
      this.refuse(connection, CLOSE_CODES.tryAgainLater, 'too many updates waiting for what they build on');
    } else if (outcome.kind === 'over-budget') {
      this.refuse(connection, CLOSE_CODES.tryAgainLater, "the alliance's updates used more than its share of the relay; try again shortly");
    } else if (outcome.kind === 'refused') {
      // The reason first, then the close: the writer's later updates build on the refused one (AUTH, 4409).
      connection.send(encodeRefusalFrame(outcome.refusal));
      this.log('info', 'update refused by the authority check', { alliance: connection.allianceId, link: connection.linkId, rule: outcome.refusal.rule });
      this.refuse(connection, CLOSE_CODES.refused, REFUSED_CLOSE_REASON);
    }
  }

  /**
   * Yjs threw on an update that passed every check (its sender's, or a held one it released): that
   * writer is refused, and the room's document rebuilt while its other sockets stay connected.
   */
  private afterIntegrationFailure(room: Room, failure: { from: Connection; reason: string }): void {
    room.failure = null;
    this.metrics.integrationFailures += 1;
    this.log('error', 'an update that passed every check failed to integrate; rebuilding the room from the store', {
      alliance: room.allianceId,
      error: failure.reason,
    });
    this.refuse(failure.from, CLOSE_CODES.malformed, 'update does not integrate');
    void this.rebuild(room);
  }

  /** The room's other sockets stay connected while its document is rebuilt; their frames wait. */
  private async rebuild(room: Room): Promise<void> {
    if (!(await this.rooms.rebuild(room))) {
      this.quarantine(room);
      return;
    }
    for (const socket of [...room.sockets]) {
      if (!socket.closed) this.handleQueued(socket, room);
    }
  }

  /** The room's stored copy cannot be read: everyone in it is told, and it is no longer served. */
  private quarantine(room: Room): void {
    for (const socket of [...room.sockets]) {
      this.refuse(socket, CLOSE_CODES.damaged, 'the relay cannot read its copy of this alliance');
    }
    this.rooms.quarantine(room);
  }

  private refuse(connection: Connection, code: number, reason: string): void {
    if (connection.state === 'closed') return;
    if (code !== CLOSE_CODES.goingAway) {
      this.log('info', 'socket refused', {
        alliance: isAllianceId(connection.allianceId) ? connection.allianceId : null,
        link: connection.linkId,
        code,
        reason,
      });
    }
    connection.close(code, reason);
  }

  private onClose(connection: Connection): void {
    connection.state = 'closed';
    this.connections.delete(connection);
    if (connection.countedForLink && connection.linkId !== null) {
      connection.countedForLink = false;
      this.linkSockets.release(connection.linkId);
    }
    this.metrics.connections = this.connections.size;
    const room = connection.room;
    if (room) {
      room.leave(connection);
      this.rooms.released(room);
    }
  }

  /**
   * Pings each socket and cuts one whose peer is gone (KEEPALIVE-1): its close then takes its presence off everyone's
   * list (PRESENCE-3). The ping's callback says when it left the relay; the answer is awaited from then.
   */
  private checkLiveness(): void {
    const now = performance.now();
    for (const connection of this.connections) {
      if (connection.socket.readyState !== WebSocket.OPEN) continue;
      const step = connection.liveness.step(now);
      if (step === 'cut') {
        connection.socket.terminate();
      } else if (step === 'ping') {
        connection.socket.ping(undefined, undefined, (error) => {
          if (!error) connection.liveness.sent(performance.now());
        });
      }
    }
  }
}
