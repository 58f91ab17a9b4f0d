/**
 * Relays of one cluster for a test file (`ClusterRelay`, clusterRelay.ts), with DATABASE_URL and
 * REDIS_URL pointing at the cluster's servers and a data directory each. Every relay still running
 * after a test (or the file) is killed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ClusterRelay, type ClusterServers } from './clusterRelay.ts';
import { PrivatePostgres, PrivateRedis } from './privateServers.ts';

export { ClusterRelay, type ClusterServers } from './clusterRelay.ts';

/**
 * `count` relays on `servers` (read when the hooks run, so a file may start its servers in
 * beforeAll). Call in a describe block or at the top of a test file. The relays are killed after
 * each test, or with `lasting: 'file'` after the file (its tests then share relays started in beforeAll).
 */
export function useClusterRelays(servers: () => ClusterServers, extraEnv: Record<string, string> = {}, lasting: 'test' | 'file' = 'test') {
  const relays: ClusterRelay[] = [];
  const dirs: string[] = [];
  const killAll = async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.kill()));
  };
  if (lasting === 'test') afterEach(killAll);
  afterAll(async () => {
    await killAll();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    /** Starts `count` relays at once and resolves when every one listens. */
    async start(count: number): Promise<ClusterRelay[]> {
      const { databaseUrl, redisUrl } = servers();
      const started = Array.from({ length: count }, (_, i) => {
        const dir = mkdtempSync(join(tmpdir(), `trellis-cluster-${i}-`));
        dirs.push(dir);
        const relay = new ClusterRelay(`relay ${relays.length + i}`, { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, ...extraEnv }, dir);
        return relay;
      });
      relays.push(...started);
      await Promise.all(started.map((relay) => relay.start()));
      return started;
    },
  };
}

/**
 * A cluster for a test file (or describe block) on servers of its own: a private PostgreSQL and Redis
 * (privateServers.ts), started before its tests and removed after the relays are killed, and `useClusterRelays`
 * on them. `pg` and `redis` are there for the fault tests that stop and start them.
 */
export function usePrivateCluster(lasting: 'test' | 'file' = 'test') {
  let pg: PrivatePostgres | undefined;
  let redis: PrivateRedis | undefined;
  beforeAll(async () => {
    [pg, redis] = await Promise.all([PrivatePostgres.create(), PrivateRedis.create()]);
  });
  afterAll(async () => {
    await Promise.all([pg?.remove(), redis?.remove()]);
  });
  const started = <Server>(server: Server | undefined): Server => {
    if (!server) throw new Error('The private servers start before the first test: use them inside a test or a hook.');
    return server;
  };
  // Registered after the servers' hooks: Vitest runs afterAll hooks last-registered first, so relays go before servers.
  const relays = useClusterRelays(() => ({ databaseUrl: started(pg).url, redisUrl: started(redis).url }), {}, lasting);
  return {
    start: relays.start,
    get pg(): PrivatePostgres {
      return started(pg);
    },
    get redis(): PrivateRedis {
      return started(redis);
    },
  };
}
