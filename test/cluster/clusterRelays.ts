/**
 * Relays of one cluster for a test file (`ClusterRelay`, clusterRelay.ts), with DATABASE_URL and
 * REDIS_URL pointing at the cluster's servers and a data directory each. Every relay still running
 * after a test (or the file) is killed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { ClusterRelay, type ClusterServers } from './clusterRelay.ts';

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
