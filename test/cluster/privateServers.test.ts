/**
 * The cluster harness itself: private PostgreSQL and Redis servers start, serve, stop, crash and
 * start again without touching the shared ones, and cluster relays start, die by kill -9 and come
 * back on their port.
 */
import { execFileSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '@trellis/shared';
import { usePrivateCluster } from './clusterRelays.ts';
import { PrivatePostgres, PrivateRedis } from './privateServers.ts';

const SHARED_REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function psql(pg: PrivatePostgres, sql: string): string {
  return execFileSync('psql', [pg.url, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8', stdio: 'pipe' }).trim();
}

async function ping(url: string): Promise<string> {
  const client = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    return await client.ping();
  } finally {
    client.disconnect();
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a private Redis', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.create();
  });
  afterAll(() => redis.remove());

  it('serves, stops, and serves again on the same port with nothing kept; the shared Redis never notices', async () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    client.on('error', () => {});
    await client.set('kept?', 'no');
    await redis.stop();
    await until(() => client.status !== 'ready', 'the client to see Redis gone');
    await expect(ping(redis.url)).rejects.toThrow();
    expect(await ping(SHARED_REDIS)).toBe('PONG');
    await redis.start();
    expect(await ping(redis.url)).toBe('PONG');
    // The first client reconnects by itself to the same address.
    await until(() => client.status === 'ready', 'the client to reconnect');
    expect(await client.get('kept?')).toBeNull();
    client.disconnect();
  });
});

describe('a private PostgreSQL', () => {
  let pg: PrivatePostgres;
  let startupMs = 0;
  beforeAll(async () => {
    const started = performance.now();
    pg = await PrivatePostgres.create();
    startupMs = performance.now() - started;
  });
  afterAll(() => pg.remove());

  it('serves, restarts, crashes and recovers what it had committed, on the same port', async () => {
    process.stdout.write(`private PostgreSQL: initdb and first start took ${startupMs.toFixed(0)} ms\n`);
    expect(psql(pg, 'select 1')).toBe('1');
    psql(pg, 'create table kept (n int); insert into kept values (1)');
    let started = performance.now();
    await pg.restart();
    process.stdout.write(`private PostgreSQL: restart took ${(performance.now() - started).toFixed(0)} ms\n`);
    expect(psql(pg, 'select n from kept')).toBe('1');
    psql(pg, 'insert into kept values (2)');
    await pg.crash();
    expect(() => psql(pg, 'select 1')).toThrow();
    started = performance.now();
    await pg.start();
    process.stdout.write(`private PostgreSQL: start after a crash took ${(performance.now() - started).toFixed(0)} ms\n`);
    expect(psql(pg, 'select sum(n) from kept')).toBe('3');
    expect(execFileSync('psql', ['postgres://postgres@127.0.0.1:5432/postgres', '-XAtq', '-c', 'select 1'], { encoding: 'utf8' }).trim()).toBe('1');
  });
});

describe('cluster relays', () => {
  const cluster = usePrivateCluster();

  it('start on ports of their own, and one killed with kill -9 comes back on its port', async () => {
    const relays = await cluster.start(3);
    expect(new Set(relays.map((relay) => relay.port)).size).toBe(3);
    for (const relay of relays) expect(await (await fetch(`${relay.url}${ROUTES.health}`)).text()).toBe('ok\n');
    const victim = relays[1]!;
    const port = victim.port;
    await victim.kill();
    await expect(fetch(`${victim.url}${ROUTES.health}`)).rejects.toThrow();
    await victim.start();
    expect(victim.port).toBe(port);
    expect((await fetch(`${victim.url}${ROUTES.health}`)).status).toBe(200);
    expect((await fetch(`${relays[0]!.url}${ROUTES.health}`)).status).toBe(200);
  });
});
