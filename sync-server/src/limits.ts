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
  /** Failed token attempts one address may make in a minute before it is refused outright. */
  authFailuresPerMinute: number;
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
  compactEvery: 500,
  maxStructsPerUpdate: 250_000,
  maxHeldUpdates: 32,
  maxHeldBytes: 1024 * 1024,
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
