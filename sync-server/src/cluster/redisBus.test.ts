/**
 * The bus on the real Redis at 127.0.0.1:6379 (REDIS_URL), each test with a channel prefix of its
 * own so that nothing else on that Redis hears it or is heard. Restarting Redis is tested on a
 * private server (test/cluster/), never on this shared one.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClusterMessage, encodeClusterMessage } from './clusterMessage.ts';
import { RedisBus, type RedisBusOptions } from './redisBus.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ALLIANCE = 'BBBBBBBBBBBBBBBBBBBBBB';
const OTHER = 'CCCCCCCCCCCCCCCCCCCCCC';

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()));
});

function testPrefix(): string {
  return `trellis-test:${randomBytes(6).toString('hex')}:`;
}

function bus(prefix: string, extra: Partial<RedisBusOptions> = {}) {
  const heard: ClusterMessage[] = [];
  const logged: string[] = [];
  const made = new RedisBus({
    url: REDIS_URL,
    prefix,
    maxPayloadBytes: 1024,
    log: (_level, msg) => logged.push(msg),
    received: (message) => heard.push(message),
    resubscribed: () => {},
    droppedWhileDown: () => {},
    ...extra,
  });
  open.push(made);
  return { bus: made, heard, logged };
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Redis answers in order on one connection: once a later message is heard, an earlier one would have been. */
async function flushed(a: RedisBus, b: { heard: ClusterMessage[] }): Promise<void> {
  const before = b.heard.length;
  a.publishPresence(ALLIANCE, Uint8Array.of(0xee));
  await eventually(() => b.heard.length > before, 'the marker');
  b.heard.pop();
}

describe('RedisBus on the real Redis', () => {
  it('carries updates and presence of a followed alliance to the other relays, not back to their sender', async () => {
    const prefix = testPrefix();
    const a = bus(prefix);
    const b = bus(prefix);
    await Promise.all([a.bus.ready(), b.bus.ready()]);
    await Promise.all([a.bus.follow(ALLIANCE), b.bus.follow(ALLIANCE)]);
    a.bus.publishUpdate(ALLIANCE, 7, Uint8Array.of(1, 2, 3));
    a.bus.publishPresence(ALLIANCE, Uint8Array.of(4));
    await eventually(() => b.heard.length === 2, 'both messages');
    expect(b.heard[0]).toMatchObject({ kind: 'update', originRelayId: a.bus.relayId, allianceId: ALLIANCE, seq: 7, payload: Uint8Array.of(1, 2, 3) });
    expect(b.heard[1]).toMatchObject({ kind: 'presence', originRelayId: a.bus.relayId, payload: Uint8Array.of(4) });
    expect(b.bus.metrics.lagObservations).toBe(2);
    expect(b.bus.metrics.render().join('\n')).toContain('trellis_cluster_lag_seconds_count 2');
    expect(a.heard).toEqual([]);
    expect(a.bus.metrics.published).toBe(2);
  });

  it('hears only followed alliances, and stops when a room closes', async () => {
    const prefix = testPrefix();
    const a = bus(prefix);
    const b = bus(prefix);
    await Promise.all([a.bus.ready(), b.bus.ready()]);
    await b.bus.follow(ALLIANCE);
    a.bus.publishUpdate(OTHER, 1, Uint8Array.of(1));
    await flushed(a.bus, b);
    expect(b.heard).toEqual([]);
    await b.bus.unfollow(ALLIANCE);
    a.bus.publishUpdate(ALLIANCE, 1, Uint8Array.of(1));
    await b.bus.follow(OTHER);
    a.bus.publishUpdate(OTHER, 2, Uint8Array.of(2));
    await eventually(() => b.heard.length === 1, 'the other alliance');
    expect(b.heard[0]).toMatchObject({ allianceId: OTHER, seq: 2 });
  });

  it('tells every relay of a revoked link, followed alliance or not; another prefix hears nothing', async () => {
    const prefix = testPrefix();
    const a = bus(prefix);
    const b = bus(prefix);
    const stranger = bus(testPrefix());
    await Promise.all([a.bus.ready(), b.bus.ready(), stranger.bus.ready()]);
    await stranger.bus.follow(ALLIANCE);
    a.bus.publishRevoked(ALLIANCE, 'link-9');
    await eventually(() => b.heard.length === 1, 'the revocation');
    expect(b.heard[0]).toMatchObject({ kind: 'revoked', allianceId: ALLIANCE, linkId: 'link-9', originRelayId: a.bus.relayId });
    expect(stranger.heard).toEqual([]);
  });

  it('drops a malformed message with a log line and goes on', async () => {
    const prefix = testPrefix();
    const b = bus(prefix);
    await b.bus.ready();
    await b.bus.follow(ALLIANCE);
    const raw = new Redis(REDIS_URL);
    open.push({ close: () => raw.quit() });
    const good = (seq: number) => Buffer.from(encodeClusterMessage({ kind: 'update', originRelayId: 'x', allianceId: ALLIANCE, seq, payload: Uint8Array.of(1), publishedAt: Date.now() }));
    await raw.publish(`${prefix}room:${ALLIANCE}`, Buffer.from([1, 0, 200, 200, 200]));
    await raw.publish(`${prefix}room:${ALLIANCE}`, Buffer.from(encodeClusterMessage({ kind: 'presence', originRelayId: 'x', allianceId: ALLIANCE, payload: new Uint8Array(1025), publishedAt: 1 })));
    // A message of another alliance on this one's channel.
    await raw.publish(`${prefix}room:${ALLIANCE}`, Buffer.from(encodeClusterMessage({ kind: 'update', originRelayId: 'x', allianceId: OTHER, seq: 1, payload: Uint8Array.of(1), publishedAt: 1 })));
    await raw.publish(`${prefix}revoked`, good(1));
    await raw.publish(`${prefix}room:${ALLIANCE}`, good(2));
    await eventually(() => b.heard.length === 1, 'the good message');
    expect(b.heard[0]).toMatchObject({ seq: 2 });
    expect(b.bus.metrics.malformed).toBe(4);
    expect(b.logged.filter((msg) => msg === 'cluster message refused')).toHaveLength(4);
  });

  it('publishing with no Redis drops at once, in the same turn, and queues nothing', async () => {
    // A port nothing listens on: Redis is down from the start.
    const down = bus(testPrefix(), { url: 'redis://127.0.0.1:1' });
    for (let seq = 1; seq <= 1_000; seq++) down.bus.publishUpdate(ALLIANCE, seq, new Uint8Array(512));
    down.bus.publishPresence(OTHER, Uint8Array.of(1));
    down.bus.publishRevoked(ALLIANCE, 'link-1');
    // Counted before this test yields once: nothing waited for Redis.
    expect(down.bus.metrics.publishesDropped).toBe(1_002);
    expect(down.bus.connected).toBe(false);
    await down.bus.follow(ALLIANCE);
  });
});
