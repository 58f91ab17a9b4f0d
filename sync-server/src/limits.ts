import { DEFAULT_LIMITS, MAX_JSON_BODY_BYTES } from '@trellis/shared';

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
  /** Fold an alliance's update log into one snapshot after this many stored updates. */
  compactEvery: number;
}

export const RELAY_DEFAULT_LIMITS: Readonly<RelayLimits> = {
  ...DEFAULT_LIMITS,
  maxJsonBodyBytes: MAX_JSON_BODY_BYTES,
  authFailuresPerMinute: 20,
  compactEvery: 500,
};
