import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HOST, ROUTES } from '@trellis/shared';
import { handleApi, type ApiContext } from './api.ts';
import { AuthFailures } from './authFailures.ts';
import { ClientAddresses } from './clientAddress.ts';
import { CreationLimit } from './creationLimit.ts';
import { serveClient } from './clientFiles.ts';
import { relayLimits, type RelayLimits } from './limits.ts';
import { createLogger, type LogSink } from './log.ts';
import { RelayMetrics } from './metrics.ts';
import { Rooms } from './rooms.ts';
import { ClusterChannels } from './cluster/clusterChannels.ts';
import { openSqliteStore, type SqliteOptions } from './store/sqliteStore.ts';
import type { AllianceStore } from './store/allianceStore.ts';
import { openPostgresStore, type PostgresOptions } from './store/postgresStore.ts';
import { SyncEndpoint } from './syncEndpoint.ts';
import { UpdateWriter } from './updateWriter.ts';

export interface RelayOptions {
  host?: string;
  /** 0 picks any free port. */
  port?: number;
  dataDir: string;
  /** Where people open the app; links are made from it. Default http://host:port. */
  publicUrl?: string;
  /** The built client to serve; default <repo>/client/dist; null serves none. */
  clientDir?: string | null;
  limits?: Partial<RelayLimits>;
  /**
   * The proxies in front of the relay (addresses or CIDR ranges, comma-separated or a list; env
   * TRUST_PROXY): from them, the client address in X-Forwarded-For counts for the per-address
   * limits. Default none: the peer's own address counts.
   */
  trustProxy?: string | readonly string[];
  /** One JSON line per event; default stdout. */
  log?: LogSink;
  /** Default: SQLite in dataDir/trellis.sqlite, or PostgreSQL with `databaseUrl`. A store passed in is closed with the relay. */
  store?: AllianceStore;
  /** A PostgreSQL connection string (env DATABASE_URL): the store is then PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** How the PostgreSQL store waits for its server (README, "Storage"). */
  postgres?: Omit<PostgresOptions, 'log'>;
  /**
   * A Redis connection string (env REDIS_URL): the relay is then one of a cluster, with every other
   * relay on the same PostgreSQL (`databaseUrl`) and Redis. Requires `databaseUrl`.
   */
  redisUrl?: string;
  /** Prefix of the cluster's Redis channels (env REDIS_PREFIX), default `trellis:`. */
  redisPrefix?: string;
  /** How the default SQLite store reaches the disk (README, "Storage"). */
  sqlite?: Omit<SqliteOptions, 'log'>;
}

export interface RunningRelay {
  port: number;
  /** http://host:port */
  url: string;
  /** Stops accepting, closes sockets with 1001, saves every room, closes the store. */
  close(): Promise<void>;
  metrics: RelayMetrics;
}

export const DEFAULT_REDIS_PREFIX = 'trellis:';
/** A cluster relay starts only once it hears Redis: a room loaded before that would miss what others publish. */
const REDIS_START_TIMEOUT_MS = 30_000;

const DEFAULT_CLIENT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../client/dist');

export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  const host = options.host ?? DEFAULT_HOST;
  const limits: RelayLimits = relayLimits(options.limits);
  const addresses = new ClientAddresses(options.trustProxy); // throws on a malformed entry, before anything opens
  if (options.redisUrl && !options.databaseUrl) {
    throw new Error('REDIS_URL needs DATABASE_URL: relays of a cluster share one PostgreSQL (each keeping its own SQLite would lose updates)');
  }
  const log = createLogger(options.log ?? ((line) => process.stdout.write(line + '\n')));
  const store =
    options.store ??
    (options.databaseUrl
      ? await openPostgresStore(options.databaseUrl, { ...options.postgres, log })
      : openSqliteStore(options.dataDir, { ...options.sqlite, log }));
  const clientDir = options.clientDir === undefined ? DEFAULT_CLIENT_DIR : options.clientDir;
  const metrics = new RelayMetrics();
  const authFailures = new AuthFailures(limits.authFailuresPerMinute);
  const writer = new UpdateWriter(store, metrics, log);
  const cluster = options.redisUrl
    ? new ClusterChannels({
        redisUrl: options.redisUrl,
        prefix: options.redisPrefix ?? DEFAULT_REDIS_PREFIX,
        maxPayloadBytes: limits.maxFrameBytes,
        presence: { maxStateBytes: limits.presenceMaxStateBytes, maxDepth: limits.presenceMaxDepth },
        store,
        log,
        revoked: (linkId) => endpoint.closeLink(linkId),
      })
    : null;
  if (cluster) {
    try {
      await cluster.ready(REDIS_START_TIMEOUT_MS);
    } catch (error) {
      await cluster.close();
      await store.close();
      throw error;
    }
  }
  const rooms = new Rooms(store, writer, metrics, log, limits, cluster ?? undefined);
  const endpoint = new SyncEndpoint(store, rooms, limits, authFailures, addresses, metrics, log);
  let publicUrl = options.publicUrl ?? '';
  const api: ApiContext = {
    store,
    get publicUrl() {
      return publicUrl;
    },
    limits,
    addresses,
    authFailures,
    allianceCreation: new CreationLimit(limits.allianceCreateBurst, limits.alliancesPerMinute),
    linkCreation: new CreationLimit(limits.linkCreateBurst, limits.linksPerMinute),
    log,
    closeLink: (allianceId, linkId) => {
      endpoint.closeLink(linkId);
      cluster?.revoked(allianceId, linkId);
    },
  };

  // A peer gets seconds, not Node's five minutes, to send its headers and its request (TIMEOUT-1).
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, limits.headersTimeoutMs)),
    },
    (request, response) => {
      void handleHttp(request, response);
    },
  );

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Only the path is ever looked at or logged: a query string may carry a secret.
    const pathname = (request.url ?? '/').split('?')[0]!;
    if (pathname === ROUTES.health) {
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end('ok\n');
      return;
    }
    if (pathname === ROUTES.metrics) {
      const cpu = process.cpuUsage();
      let text = metrics.render({
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        rssBytes: process.memoryUsage.rss(),
      });
      if (cluster) text += cluster.bus.metrics.render().join('\n') + '\n';
      response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(text);
      return;
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      await handleApi(api, request, response, pathname);
      return;
    }
    serveClient(clientDir, request, response, pathname);
  }

  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (!endpoint.handleUpgrade(request, socket, head)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    // Headers or a request that did not arrive in time (TIMEOUT-1), else a request that does not parse.
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!publicUrl) publicUrl = url;

  let closing: Promise<void> | null = null;
  return {
    port,
    url,
    metrics,
    close() {
      closing ??= (async () => {
        const serverClosed = new Promise<void>((done) => server.close(() => done()));
        server.closeIdleConnections();
        rooms.freeze();
        await endpoint.closeAll();
        await rooms.saveAll();
        await cluster?.close();
        await store.close();
        server.closeAllConnections();
        await serverClosed;
        log('info', 'relay stopped', { url });
      })();
      return closing;
    },
  };
}
