import { DEFAULT_LIMITS, DEFAULT_PRESENCE_LIMITS, MAX_JSON_BODY_BYTES } from '@trellis/shared';

/** What the relay enforces; every field can be changed through `startRelay({ limits })`. */
export interface RelayLimits {
  /** Largest WebSocket frame; a larger one closes only that socket (1009). */
  maxFrameBytes: number;
  /** Bytes a socket may send before its token is checked and its room is loaded. */
  maxUnauthorisedQueueBytes: number;
  /** Token bucket per socket: a burst of this many messages... */
  rateBurst: number;
  /** ...refilled at this many a second; beyond it the socket is closed with 1013. */
  ratePerSecond: number;
  /** Largest JSON body the API reads. */
  maxJsonBodyBytes: number;
  // Who may do what how often, per network (IPv4 /24, IPv6 /64; the forwarded address behind TRUST_PROXY).
  /** Failed secrets a network may send in a minute answered 4401/401; past it 1013/429 (a valid secret always connects). */
  authFailuresPerMinute: number;
  /** Alliances one network may create at once (a token bucket)... */
  allianceCreateBurst: number;
  /** ...and then this many a minute; beyond it 429 `rate_limited` with Retry-After. */
  alliancesPerMinute: number;
  /** Links one network may create at once... */
  linkCreateBurst: number;
  /** ...and then this many a minute. */
  linksPerMinute: number;
  /** Live (unrevoked) links one alliance may have; another is refused with 409 `too_many_links`. */
  maxLiveLinksPerAlliance: number;
  /**
   * Sockets one link may hold open at once (a partner's link is shared by its team, each with a few tabs);
   * another is refused with 1013, which the stock client retries (SOCKETS-1).
   */
  maxSocketsPerLink: number;
  // How long the relay waits for a slow or silent peer.
  /** For a request's headers (Node's server.headersTimeout); then 408 and the connection closes. */
  headersTimeoutMs: number;
  /** For a whole request (Node's server.requestTimeout); at least `headersTimeoutMs`. */
  requestTimeoutMs: number;
  /** For an API request's body once its headers are in; then 408 `timeout`. */
  bodyTimeoutMs: number;
  /** For a socket to answer the relay's close frame; then it is cut (ws itself waits 30 s). */
  closeTimeoutMs: number;
  /**
   * Bytes waiting to be sent to one socket. Beyond it the client has stopped reading (or reads far
   * slower than its room writes): its socket is dropped (counted as 1013) instead of holding
   * everything the room relays in memory; the stock client reconnects and fetches only what it
   * lacks. A socket's own limit grows to twice the largest frame sent to it (a new client's whole
   * document can be larger). By default twice `maxFrameBytes`, at least 32 MiB.
   */
  maxSendBacklogBytes: number;
  /** Fold an alliance's update log into one snapshot after this many stored updates. */
  compactEvery: number;
  /** Structs in one update (each costs the relay memory; a struct can take two bytes of a frame). */
  maxStructsPerUpdate: number;
  /** Updates one socket may have held, waiting for what they build on, before it is refused (1013). */
  maxHeldUpdates: number;
  /** ...and their bytes. */
  maxHeldBytes: number;
  /**
   * Milliseconds of Yjs integration one alliance may use at once, and per second after that. Yjs's
   * conflict resolution is linear in the concurrent items at an insertion point, which a writer can
   * fabricate; past this budget the alliance's writers are refused (1013) until it refills, so no
   * alliance takes more than its share of the process.
   */
  applyBudgetMs: number;
  applyMsPerSecond: number;
  /**
   * Whether each update is checked against its link's authority (AUTH-1 .. AUTH-13). Always on; off only for the
   * fan-out bench's comparison row (env TRELLIS_BENCH_UNCHECKED=1, read by main.ts): never for a relay anyone uses.
   */
  checkAuthority: boolean;

  // Presence (awareness), per socket. A state over a bound refuses its frame (4400); beyond a rate, 1013.
  /** UTF-8 bytes of one state's JSON, checked before it is decoded. */
  presenceMaxStateBytes: number;
  /** Arrays and objects nested in one state, counted without recursion before it is parsed. */
  presenceMaxDepth: number;
  /** Client ids one socket may speak for; entries for more are dropped. */
  presenceClientsPerSocket: number;
  /** Token bucket of awareness frames relayed for one socket: a burst of this many... */
  presenceRateBurst: number;
  /** ...refilled at this many a second. */
  presenceRatePerSecond: number;
  /** Token bucket of state bytes relayed for one socket: a burst of this many... */
  presenceBytesBurst: number;
  /** ...refilled at this many a second. */
  presenceBytesPerSecond: number;
}

export const RELAY_DEFAULT_LIMITS: Readonly<RelayLimits> = {
  ...DEFAULT_LIMITS,
  ...DEFAULT_PRESENCE_LIMITS,
  maxSendBacklogBytes: 2 * DEFAULT_LIMITS.maxFrameBytes,
  maxJsonBodyBytes: MAX_JSON_BODY_BYTES,
  authFailuresPerMinute: 20,
  allianceCreateBurst: 20,
  alliancesPerMinute: 6,
  linkCreateBurst: 50,
  linksPerMinute: 10,
  maxLiveLinksPerAlliance: 1000,
  maxSocketsPerLink: 256,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 20_000,
  bodyTimeoutMs: 10_000,
  closeTimeoutMs: 2_000,
  compactEvery: 500,
  maxStructsPerUpdate: 250_000,
  maxHeldUpdates: 32,
  maxHeldBytes: 1024 * 1024,
  applyBudgetMs: 3_000,
  applyMsPerSecond: 150,
  checkAuthority: true,
};

/** The defaults with `overrides`; a larger frame cap raises the default send backlog with it. */
export function relayLimits(overrides: Partial<RelayLimits> = {}): RelayLimits {
  // A key given as undefined keeps its default rather than switching its check off.
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const maxFrameBytes = overrides.maxFrameBytes ?? RELAY_DEFAULT_LIMITS.maxFrameBytes;
  return {
    ...RELAY_DEFAULT_LIMITS,
    maxSendBacklogBytes: Math.max(RELAY_DEFAULT_LIMITS.maxSendBacklogBytes, 2 * maxFrameBytes),
    ...given,
  };
}
