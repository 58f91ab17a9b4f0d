/**
 * The Redis bus across a Redis restart, on a private Redis: both connections come back by
 * themselves; the subscriber subscribes again and only then names the alliances to fill from the
 * log; the publisher names the alliances whose updates it dropped meanwhile. A relay that alone
 * lost Redis (behind a proxy the test cuts) sends the revocations it made meanwhile once it is back.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterMessage } from '../../sync-server/src/cluster/clusterMessage.ts';
import { RedisBus } from '../../sync-server/src/cluster/redisBus.ts';
import { PrivateRedis } from './privateServers.ts';
import { TcpProxy } from './tcpProxy.ts';

const ALLIANCE = 'DDDDDDDDDDDDDDDDDDDDDD';
const CLOSED_ROOM = 'EEEEEEEEEEEEEEEEEEEEEE';

let redis: PrivateRedis;
beforeAll(async () => {
  redis = await PrivateRedis.create();
});
afterAll(() => redis.remove());
const buses: RedisBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

function relay(url = redis.url) {
  const heard: ClusterMessage[] = [];
  const resubscribed: string[][] = [];
  const dropped: string[][] = [];
  const bus = new RedisBus({
    url,
    prefix: 'restart-test:',
    maxPayloadBytes: 1024,
    log: () => {},
    received: (message) => heard.push(message),
    resubscribed: (ids) => resubscribed.push(ids),
    droppedWhileDown: (ids) => dropped.push(ids),
  });
  buses.push(bus);
  return { bus, heard, resubscribed, dropped };
}

async function eventually(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('RedisBus across a Redis restart', () => {
  it('resubscribes, then asks for the gap to be filled, and names what it could not publish', async () => {
    const a = relay();
    const b = relay();
    await Promise.all([a.bus.ready(), b.bus.ready()]);
    await Promise.all([a.bus.follow(ALLIANCE), b.bus.follow(ALLIANCE), b.bus.follow(CLOSED_ROOM)]);
    a.bus.publishUpdate(ALLIANCE, 1, Uint8Array.of(1));
    await eventually(() => b.heard.length === 1, 'the first update');

    await redis.stop();
    await eventually(() => !a.bus.connected && !b.bus.connected, 'both relays to see Redis gone');
    a.bus.publishUpdate(ALLIANCE, 2, Uint8Array.of(2));
    a.bus.publishPresence(ALLIANCE, Uint8Array.of(9));
    // A room that closes while Redis is down is not named when it comes back.
    await b.bus.unfollow(CLOSED_ROOM);
    expect(a.bus.metrics.publishesDropped).toBe(2);

    await redis.start();
    await eventually(() => b.resubscribed.length === 1 && a.dropped.length === 1, 'the hooks');
    expect(b.resubscribed).toEqual([[ALLIANCE]]);
    expect(a.resubscribed).toEqual([[ALLIANCE]]);
    expect(a.dropped).toEqual([[ALLIANCE]]);
    expect(b.bus.metrics.resubscribes).toBe(1);

    // Subscribed again: the next update arrives, and its number shows the gap; nothing dropped was queued.
    a.bus.publishUpdate(ALLIANCE, 3, Uint8Array.of(3));
    await eventually(() => b.heard.length === 2, 'an update after the restart');
    expect(b.heard.map((message) => message.kind === 'update' && message.seq)).toEqual([1, 3]);
  });

  it('a relay that alone lost Redis sends its revocations once back, and names its dropped alliances', async () => {
    const proxy = await TcpProxy.start(redis.port);
    try {
      const a = relay(`redis://127.0.0.1:${proxy.port}`);
      const b = relay();
      await Promise.all([a.bus.ready(), b.bus.ready()]);
      await Promise.all([a.bus.follow(ALLIANCE), b.bus.follow(ALLIANCE)]);
      await proxy.cut();
      await eventually(() => !a.bus.connected, 'the relay to lose Redis');
      a.bus.publishRevoked(ALLIANCE, 'link-7');
      a.bus.publishUpdate(ALLIANCE, 5, Uint8Array.of(5));
      await proxy.restore();
      await eventually(() => b.heard.length === 1 && a.dropped.length === 1, 'the revocation and the hook');
      expect(b.heard[0]).toMatchObject({ kind: 'revoked', linkId: 'link-7', allianceId: ALLIANCE });
      expect(a.dropped).toEqual([[ALLIANCE]]);
      expect(b.resubscribed).toEqual([]);
    } finally {
      await proxy.cut();
    }
  });
});
