import type { ActivityEntry } from './activity.ts';
import type { AuthorityRule } from './authority/rules.ts';
import type { Section } from './vocabulary.ts';
import { secretEntropyScore } from './secretStrength.ts';

/**
 * Wire constants shared by the relay and the app, declared once.
 * The contract they implement is sync-server/PROTOCOL.md.
 */

/** The WebSocket subprotocol our app offers; the secret rides as a second value after it. */
export const SUBPROTOCOL = 'trellis';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

export const ROLES = ['owner', 'edit', 'view'] as const;
export type Role = (typeof ROLES)[number];

/** y-websocket top-level message types (first varint of every binary frame). */
export const MESSAGE_TYPES = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /**
   * Ours, relay to writer only: why the relay refused its update (`AuthorityRefusal` as UTF-8 JSON in a
   * var-string), sent just before it closes the socket with `CLOSE_CODES.refused`. A stock client ignores it.
   */
  refused: 100,
} as const;
export type MessageType = (typeof MESSAGE_TYPES)[keyof typeof MESSAGE_TYPES];

/** y-protocols sync sub-messages (second varint of a sync frame). */
export const SYNC_STEPS = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;

/**
 * Presence (awareness) the relay takes from one socket, by default. Our app's state (name, colour,
 * partner, a Tiptap cursor) is about 370 bytes of JSON nested 4 deep, at most about 1.1 KB (a 200
 * character name of 4-byte characters, the largest ids); a stock client speaks for one client id,
 * and sends a change per cursor move (about 60 a second while selecting, briefly).
 */
export const DEFAULT_PRESENCE_LIMITS = {
  /** UTF-8 bytes of one state's JSON. */
  presenceMaxStateBytes: 8 * 1024,
  /** Arrays and objects nested in one state. */
  presenceMaxDepth: 32,
  /** Client ids one socket may speak for. */
  presenceClientsPerSocket: 8,
  /** Awareness frames relayed for one socket: a burst of this many... */
  presenceRateBurst: 600,
  /** ...refilled at this many a second. */
  presenceRatePerSecond: 120,
  /** State bytes relayed for one socket: a burst of this many... */
  presenceBytesBurst: 128 * 1024,
  /** ...refilled at this many a second. */
  presenceBytesPerSecond: 64 * 1024,
} as const;

/** WebSocket close codes the relay uses. */
export const CLOSE_CODES = {
  /** Server shutting down; clients reconnect. */
  goingAway: 1001,
  /** A frame larger than the WebSocket layer accepts. */
  messageTooBig: 1009,
  /** The relay failed to handle a frame it accepted (a fault of ours); the stock client reconnects. */
  internalError: 1011,
  /**
   * Try again later (the stock client reconnects): over the message rate limit, or an unknown secret
   * from an address over its failure limit.
   */
  tryAgainLater: 1013,
  /** A frame that does not decode as the y-websocket protocol. */
  malformed: 4400,
  /** No token, or a token that matches no link of this alliance (an address over its failure limit gets 1013). */
  unauthorized: 4401,
  /** The link was revoked. */
  revoked: 4403,
  /** The alliance id is not a valid id. */
  notFound: 4404,
  /** An update over the size limit. */
  tooLarge: 4413,
  /**
   * An update wrote outside its link's authority (AUTH-1 .. AUTH-13): not applied, stored or relayed. The
   * writer's later updates build on it and could never be applied, so the socket closes; the app drops
   * what the relay refused and reconnects.
   */
  refused: 4409,
  /** The relay's stored copy of this alliance cannot be read: kept for the operator, not served. */
  damaged: 4422,
} as const;
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/** The close reason that goes with `CLOSE_CODES.refused`. */
export const REFUSED_CLOSE_REASON = "refused: outside this link's authority";

/** The `MESSAGE_TYPES.refused` message: the first refused place's rule and reason, and the places the update wrote. */
export interface AuthorityRefusal {
  rule: AuthorityRule;
  reason: string;
  /** Path keys of the places the update touched (`placeKey`), at most MAX_ACTIVITY_PLACES. */
  places: string[];
}

/** Codes after which the stock client gives up: retrying cannot fix them. */
export function isPermanentRefusal(code: number): boolean {
  return code >= 4400 && code < 4500;
}

/** Error reasons in JSON API bodies: `{ "error": { "code", "message" } }`. */
export const API_ERRORS = {
  badRequest: 'bad_request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  lastOwner: 'last_owner',
  /** A new alliance's owner secret already belongs to a link: pick another (counts as a failed attempt). */
  secretTaken: 'secret_taken',
  /** The alliance has `maxLiveLinksPerAlliance` live links: revoke one first. */
  tooManyLinks: 'too_many_links',
  /** A request body did not arrive within the body timeout. */
  timeout: 'timeout',
  tooLarge: 'too_large',
  rateLimited: 'rate_limited',
  methodNotAllowed: 'method_not_allowed',
  internal: 'internal_error',
} as const;
export type ApiErrorCode = (typeof API_ERRORS)[keyof typeof API_ERRORS];

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

export const ROUTES = {
  sync: '/sync',
  health: '/healthz',
  metrics: '/metrics',
  alliances: '/api/alliances',
  links: (allianceId: string) => `/api/alliances/${allianceId}/links`,
  link: (allianceId: string, linkId: string) => `/api/alliances/${allianceId}/links/${linkId}`,
  me: (allianceId: string) => `/api/alliances/${allianceId}/me`,
  activity: (allianceId: string) => `/api/alliances/${allianceId}/activity`,
} as const;

export interface CreateAllianceRequest {
  id?: string;
  token?: string;
  name?: string;
  /** The creator's organization (a partner id in the new document): the creator's owner link acts for it. */
  partnerId?: string;
}

/**
 * `GET /api/alliances/:id/activity?before=&limit=&partnerId=&section=` with any live link's secret: who changed
 * what, newest first (ACT-1 .. ACT-4). `partnerId=` empty means facilitators' links. `next` is the `before` of
 * the next page, null on the last one.
 */
export interface ActivityPage {
  entries: ActivityEntry[];
  next: number | null;
}
export interface ActivityQuery {
  before?: number;
  limit?: number;
  /** A partner's id; null for facilitators' links; undefined for everyone. */
  partnerId?: string | null;
  section?: Section;
}
export const ACTIVITY_PAGE_DEFAULT = 50;
export const ACTIVITY_PAGE_MAX = 100;

export interface CreateAllianceResponse {
  id: string;
  token: string;
  url: string;
}

export interface LinkSummary {
  id: string;
  role: Role;
  label: string;
  /** The partner the link was made for (the document's partner id), so an exit can revoke it; null for none. */
  partnerId: string | null;
  createdAt: number;
  revoked: boolean;
}

/** `GET /api/alliances/:id/me` with any live link's secret: what that link is. */
export interface LinkIdentity {
  linkId: string;
  role: Role;
  label: string;
  partnerId: string | null;
}

export interface CreateLinkRequest {
  role: Role;
  label: string;
  partnerId?: string | null;
}

export interface CreateLinkResponse {
  id: string;
  role: Role;
  label: string;
  partnerId: string | null;
  token: string;
  url: string;
}

/** A link list page: `GET …/links?limit=&after=`; the next page's address is in a `Link: <…>; rel="next"` header. */
export const LINKS_PAGE_DEFAULT = 1000;
export const LINKS_PAGE_MAX = 1000;

/** Alliance ids are 16 random bytes, secrets at least 16: both base64url without padding. */
export const ALLIANCE_ID_BYTES = 16;
export const SECRET_BYTES = 32;
export const MIN_SECRET_BYTES = 16;
/** MIN_SECRET_BYTES in base64url without padding (22 characters). */
export const MIN_SECRET_LENGTH = Math.ceil((MIN_SECRET_BYTES * 8) / 6);
export const MAX_SECRET_LENGTH = 256;
/**
 * The least `secretEntropyScore` (length × empirical Shannon entropy of the characters, in bits) an
 * owner secret sent by a client must reach. Every random secret clears it with margin: over
 * 1,000,000 secrets of 16 bytes from crypto.randomBytes (22 characters, the shortest allowed) the
 * lowest score was 71.0 and 99.88 % scored 80 or more; over 200,000 of the app's own 32-byte
 * secrets (43 characters) the lowest was 183. `a` × 22 scores 0, `ab` × 11 22, `abcd` repeated 43.9.
 * (shared/src/secretStrength.test.ts reruns the 1,000,000.)
 */
export const MIN_SECRET_ENTROPY_SCORE = 60;
export const MAX_LABEL_LENGTH = 200;
export const MAX_NAME_LENGTH = 200;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function isAllianceId(value: unknown): value is string {
  return typeof value === 'string' && value.length === 22 && BASE64URL.test(value);
}

export function isSecret(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= MIN_SECRET_LENGTH &&
    value.length <= MAX_SECRET_LENGTH &&
    BASE64URL.test(value)
  );
}

/** A secret a client made (an owner secret registered with a new alliance): well-formed and not visibly patterned. */
export function isStrongSecret(value: unknown): value is string {
  return isSecret(value) && secretEntropyScore(value) >= MIN_SECRET_ENTROPY_SCORE;
}

/** Record ids inside the document (a partner's id): short base64url. */
export function isPartnerId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= 64 && BASE64URL.test(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Limits the relay enforces by default; the relay's options can change them. */
export const DEFAULT_LIMITS = {
  maxFrameBytes: 16 * 1024 * 1024,
  /** Bytes a socket may send before it is authorised. */
  maxUnauthorisedQueueBytes: 1024 * 1024,
  /** Token bucket: a burst of this many messages... */
  rateBurst: 1000,
  /** ...refilled at this many a second. */
  ratePerSecond: 200,
} as const;

/** Largest JSON body the API reads; larger ones are refused with 413 `too_large`. */
export const MAX_JSON_BODY_BYTES = 16 * 1024;

/** The label of the owner link an alliance's creator holds. */
export const CREATOR_LINK_LABEL = 'creator';
