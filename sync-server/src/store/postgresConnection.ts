import pg from 'pg';
import type { Logger } from '../log.ts';

export interface PostgresOptions {
  /**
   * How long a write waits for PostgreSQL to come back (a restart, a lost connection) before it
   * fails with a clear error. Meanwhile it retries on a fresh connection. Default 30 s.
   */
  retryForMs?: number;
  /** At most this many connections (default 10). */
  maxConnections?: number;
  log?: Logger;
}

export const DEFAULT_RETRY_FOR_MS = 30_000;

/** SQLSTATE classes and codes that mean the connection or the server went away, not the query. */
const CONNECTION_STATES = /^(08|57P0[123]|53300)/;
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const CONNECTION_MESSAGES = /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed/i;

export function isConnectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_STATES.test(code) || CONNECTION_CODES.has(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isConnectionLost);
  return CONNECTION_MESSAGES.test(error.message);
}

/** A write whose COMMIT was sent but not answered: it may or may not be stored. */
export class CommitUnknown extends Error {}

/** The pool, with bigint columns read as numbers (seqs and milliseconds fit well within 2^53). */
export function openPool(url: string, options: PostgresOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    // Whatever the server's default, a commit is flushed to its WAL before it is acknowledged.
    options: '-c synchronous_commit=on',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server dropped: the pool discards it and opens a new one when asked.
  pool.on('error', (error) => options.log?.('error', 'postgres connection lost', { error: error.message }));
  return pool;
}

/**
 * Runs `work` in one transaction on one connection. A connection that failed is discarded rather
 * than returned to the pool.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: Error | undefined;
  // The server may drop a checked-out connection between two queries (a restart): pg then emits
  // 'error' on it, which without a listener would end the process. The next query fails anyway.
  const dropped = (error: Error) => (failure ??= error);
  client.on('error', dropped);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    try {
      await client.query('COMMIT');
    } catch (error) {
      if (isConnectionLost(error)) throw new CommitUnknown('the commit was sent but not answered', { cause: error });
      throw error;
    }
    return result;
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    if (!isConnectionLost(failure) && !(failure instanceof CommitUnknown)) await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.off('error', dropped);
    client.release(failure);
  }
}

/**
 * Runs `work` until it succeeds, retrying while PostgreSQL is unreachable, for at most `retryForMs`.
 * `unknownCommit` says whether a write whose commit went unanswered may be run again: yes for the
 * document log (a Yjs update applied twice changes nothing; its activity entry may show twice), no
 * for the registry (a second registration would answer `exists` to its own creator), which then fails.
 */
export async function withRetry<T>(
  work: () => Promise<T>,
  options: { retryForMs: number; log?: Logger; what: string; unknownCommit: 'retry' | 'fail' },
): Promise<T> {
  const deadline = Date.now() + options.retryForMs;
  let delay = 50;
  let reported = false;
  for (;;) {
    try {
      const result = await work();
      if (reported) options.log?.('info', 'postgres reachable again', { what: options.what });
      return result;
    } catch (error) {
      const lost = error instanceof CommitUnknown ? options.unknownCommit === 'retry' : isConnectionLost(error);
      if (!lost) throw error;
      const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      if (Date.now() + delay > deadline) {
        throw new Error(`PostgreSQL unreachable for ${options.retryForMs} ms (${options.what}): ${message}`, { cause: error });
      }
      if (!reported) options.log?.('error', 'postgres unreachable; retrying', { what: options.what, error: message });
      reported = true;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 1_000);
    }
  }
}
