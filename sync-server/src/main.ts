import { DEFAULT_HOST, DEFAULT_PORT } from '@trellis/shared';
import { ClientAddresses } from './clientAddress.ts';
import { startRelay } from './relay.ts';
import type { RelayLimits } from './limits.ts';
import { DEFAULT_FLUSH_EVERY_MS } from './store/sqliteStore.ts';
import { DEFAULT_RETRY_FOR_MS } from './store/postgresConnection.ts';
import { errorMessage } from './log.ts';

/**
 * `npm start`: the relay and the built client on one port.
 * Env: PORT (8787; 0 = any free port), HOST (127.0.0.1), DATA_DIR (./data), PUBLIC_URL
 * (default http://HOST:PORT), MAX_FRAME_BYTES (16 MiB), SQLITE_SYNCHRONOUS (NORMAL, or FULL to
 * fsync every update before relaying it), SQLITE_FLUSH_MS (200: with NORMAL, how soon a commit
 * reaches the disk), DATABASE_URL (a PostgreSQL connection string: the store is then PostgreSQL,
 * and DATA_DIR and the SQLITE_ settings are unused), POSTGRES_RETRY_MS (30000: how long an update
 * waits for an unreachable PostgreSQL before it fails), REDIS_URL (a Redis connection string: the relay is
 * one of a cluster with every relay on the same PostgreSQL and Redis; needs DATABASE_URL), REDIS_PREFIX
 * (trellis:, the prefix of the cluster's Redis channels), TRUST_PROXY (the proxies, as addresses or CIDR ranges, comma-separated, whose
 * X-Forwarded-For names the client for the per-address limits; default none).
 * Bench only: TRELLIS_BENCH_UNCHECKED=1 turns the authority check off, so the fan-out bench can print its cost
 * beside the same relay without it. Never set it for a relay anyone uses: every link could then write anything.
 */
const port = readInteger('PORT', DEFAULT_PORT);
const host = process.env.HOST || DEFAULT_HOST;
const limits: Partial<RelayLimits> = {};
if (process.env.MAX_FRAME_BYTES) limits.maxFrameBytes = readInteger('MAX_FRAME_BYTES', 0);
if (process.env.TRELLIS_BENCH_UNCHECKED === '1') {
  limits.checkAuthority = false;
  process.stderr.write('TRELLIS_BENCH_UNCHECKED=1: the authority check is OFF (bench only)\n');
}

const synchronous = process.env.SQLITE_SYNCHRONOUS || 'NORMAL';
if (synchronous !== 'NORMAL' && synchronous !== 'FULL') {
  process.stderr.write(`SQLITE_SYNCHRONOUS must be NORMAL or FULL, not ${JSON.stringify(synchronous)}\n`);
  process.exit(2);
}

const trustProxy = process.env.TRUST_PROXY ?? '';
try {
  new ClientAddresses(trustProxy); // a typo stops the start, with its reason
} catch (error) {
  process.stderr.write(`${errorMessage(error)}\n`);
  process.exit(2);
}

const databaseUrl = process.env.DATABASE_URL || undefined;
const redisUrl = process.env.REDIS_URL || undefined;
if (redisUrl && !databaseUrl) {
  process.stderr.write('REDIS_URL needs DATABASE_URL: the relays of a cluster share one PostgreSQL\n');
  process.exit(2);
}

const relay = await startRelay({
  host,
  port,
  trustProxy,
  dataDir: process.env.DATA_DIR || './data',
  publicUrl: process.env.PUBLIC_URL || undefined,
  limits,
  sqlite: { synchronous, flushEveryMs: readInteger('SQLITE_FLUSH_MS', DEFAULT_FLUSH_EVERY_MS) },
  databaseUrl,
  redisUrl,
  redisPrefix: process.env.REDIS_PREFIX || undefined,
  postgres: { retryForMs: readInteger('POSTGRES_RETRY_MS', DEFAULT_RETRY_FOR_MS) },
}).catch((error: unknown) => {
  // Data it cannot open (a newer schema, a damaged file), a port in use: one line saying why, not a stack.
  process.stderr.write(`the relay could not start: ${errorMessage(error)}\n`);
  process.exit(2);
});
process.stdout.write(
  JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'relay listening', url: relay.url, port: relay.port }) +
    '\n',
);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    relay.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${errorMessage(error)}\n`);
        process.exit(1);
      },
    );
  });
}

function readInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`${name} must be a non-negative integer, not ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return value;
}
