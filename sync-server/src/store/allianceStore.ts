import type { ActivityEntry, ActivityQuery, Role } from '@trellis/shared';

/**
 * What the relay keeps about alliances, in two parts: the registry (alliances and their links,
 * secrets only as SHA-256 hashes) and the document log (each alliance's document as a snapshot
 * plus an append-only log of v1 updates). Every method is async so that a networked store
 * (PostgreSQL) fits the same contract; the embedded SQLite store resolves at once.
 */
export type AllianceStore = AllianceRegistry & DocumentLog;

/** Alliances and their links. */
export interface AllianceRegistry {
  /**
   * Registers an alliance with its creator's owner link, in one transaction: `exists` when the id
   * is taken, `secret_taken` when the link's secret hash already belongs to another link.
   */
  createAlliance(alliance: AllianceRecord, creatorLink: LinkRecord): Promise<'created' | 'exists' | 'secret_taken'>;
  getAlliance(id: string): Promise<AllianceRecord | null>;

  /** Adds a link unless its alliance already has `maxLive` live (unrevoked) links: `limit`. */
  createLink(link: LinkRecord, maxLive: number): Promise<'created' | 'limit'>;
  /** Oldest first; a page of at most `page.limit`, after the link `page.after` (none when it is not this alliance's). */
  listLinks(allianceId: string, page?: LinkPage): Promise<LinkRecord[]>;
  /** Refuses to revoke the last live owner link. Revoking a revoked link is `revoked` again. */
  revokeLink(allianceId: string, linkId: string, at: number): Promise<RevokeOutcome>;
  findLinkByTokenHash(tokenHash: Uint8Array): Promise<LinkRecord | null>;

  close(): Promise<void>;
}

/**
 * Each alliance's document: a snapshot and the updates logged after it.
 *
 * Sequence numbers: each alliance numbers its updates 1, 2, 3, ... with no gap, in commit order
 * (an update numbered n is committed after every update numbered below n). So a reader that has
 * applied an alliance's updates through n and then sees n + 2 knows n + 1 exists, and can fetch
 * it with `loadSince`. (Files written before this rule may hold gaps from then.)
 */
export interface DocumentLog {
  /**
   * Whether every append waits for the disk (an fsync, or a round trip to a database server). The
   * relay then gathers the updates of a whole event-loop turn, from every socket, into one append;
   * otherwise it appends the first update of a turn at once, so an update is relayed without
   * waiting for the next turn.
   */
  readonly syncsEveryAppend: boolean;

  /** The snapshot (if any) then every logged update after it, oldest first, as one consistent read. */
  loadDocument(allianceId: string): Promise<StoredDocument>;
  /**
   * The updates numbered after `afterSeq`, oldest first, with their numbers; or `compacted` when a
   * snapshot has folded some of them (the caller then loads the whole document).
   */
  loadSince(allianceId: string, afterSeq: number): Promise<LogSince>;
  /**
   * Appends updates (of one or many alliances) in one transaction; resolves once they are
   * committed: a relay process that dies after that loses none of them. (How soon they also
   * survive a power cut is the store's setting; alliances and links survive one as soon as they
   * resolve.) An update's activity record is stored in the same transaction under its number.
   * Returns each entry's sequence number, in order.
   */
  appendUpdates(entries: readonly UpdateEntry[]): Promise<number[]>;
  /**
   * The same, committed before it returns, offered by a store whose writes are synchronous
   * (SQLite through better-sqlite3): the relay can then relay an update from the handler that
   * received it instead of a microtask later.
   */
  appendUpdatesNow?(entries: readonly UpdateEntry[]): number[];
  /**
   * Replaces the snapshot (with its state vector) and drops logged updates up to `throughSeq`,
   * in one transaction. The caller vouches that the snapshot holds every update numbered up to
   * `throughSeq`. A snapshot older than the stored one (lower `throughSeq`) is ignored, so two
   * relays compacting the same alliance at once never move it back nor drop an update the stored
   * snapshot lacks.
   */
  compact(allianceId: string, snapshot: Uint8Array, stateVector: Uint8Array, throughSeq: number): Promise<void>;
  /**
   * Who changed what, newest first (by seq): entries before `query.before`, at most `query.limit` (default all),
   * of one partner (null: facilitators' links) and touching one section (ACT-1, ACT-3, ACT-4). Compaction
   * keeps them: it folds updates, not their record (it only trims an alliance's oldest beyond MAX_ACTIVITY_ENTRIES).
   */
  listActivity(allianceId: string, query: ActivityQuery): Promise<ActivityEntry[]>;

  close(): Promise<void>;
}

export type LogSince =
  | { compacted: false; updates: Array<{ seq: number; update: Uint8Array }> }
  | { compacted: true };

export interface AllianceRecord {
  id: string;
  name: string;
  createdAt: number;
  creatorLinkId: string;
}

export interface LinkRecord {
  id: string;
  allianceId: string;
  role: Role;
  label: string;
  /** The partner the link was made for, or null. */
  partnerId: string | null;
  /** SHA-256 of the secret; the secret itself is never stored. */
  tokenHash: Uint8Array;
  createdAt: number;
  revokedAt: number | null;
}

export interface LinkPage {
  /** The id of the last link of the previous page. */
  after?: string;
  limit?: number;
}

export type RevokeOutcome = 'revoked' | 'not_found' | 'last_owner';

export interface UpdateEntry {
  allianceId: string;
  update: Uint8Array;
  /** Who made it and where it wrote (ACT-1): stored in the same transaction, numbered with the update's seq. */
  activity?: ActivityRecord;
}

/** An activity entry before the store numbers it. */
export type ActivityRecord = Omit<ActivityEntry, 'seq'>;

/** Activity entries kept per alliance: compaction trims the oldest beyond this (ACT-1). */
export const MAX_ACTIVITY_ENTRIES = 100_000;

export interface StoredDocument {
  /** The snapshot first (when there is one), then the log. */
  updates: Uint8Array[];
  /** The sequence number of the last logged update folded in; 0 when there is none. */
  throughSeq: number;
  /**
   * The state vector of the whole stored document when it is one snapshot and no log: with it a
   * relay can answer clients straight from the stored bytes, without decoding them.
   */
  stateVector: Uint8Array | null;
}
