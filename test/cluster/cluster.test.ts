/**
 * Three relays on one private PostgreSQL and one private Redis, stock y-websocket clients spread
 * over them: they converge; presence reaches a socket joining another relay at once; a link revoked
 * through one relay is cut on every relay within a second; bad input is refused the same way on each.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_CODES, SUBPROTOCOL } from '@trellis/shared';
import { closed, nextFrame, presenceShows, providerClosed, synced, updateFrame, withTimeout } from '../integration/relayHarness.ts';
import { ClusterClient, converged, createAlliance, createLink } from './clusterClients.ts';
import { usePrivateCluster, type ClusterRelay } from './clusterRelays.ts';

const cluster = usePrivateCluster('file');
const clients: ClusterClient[] = [];
const providers: WebsocketProvider[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  for (const provider of providers.splice(0)) provider.destroy();
});

function client(name: string, relay: ClusterRelay, allianceId: string, token: string): ClusterClient {
  const made = new ClusterClient(name, relay.wsUrl, allianceId, token);
  clients.push(made);
  return made;
}

function provider(relay: ClusterRelay, allianceId: string, token: string, doc = new Y.Doc()): WebsocketProvider {
  const made = new WebsocketProvider(`${relay.wsUrl}/sync`, allianceId, doc, {
    params: { token },
    disableBc: true,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  providers.push(made);
  return made;
}

const AWARENESS = 1;
const showsAda = (frame: Uint8Array) => frame[0] === AWARENESS && Buffer.from(frame).toString('utf8').includes('Ada on relay 0');

function rawSocket(relay: ClusterRelay, allianceId: string, token: string): WebSocket {
  const socket = new WebSocket(`${relay.wsUrl}/sync/${allianceId}`, [SUBPROTOCOL, token]);
  socket.on('error', () => {});
  return socket;
}

describe('three relays on one PostgreSQL and one Redis', () => {
  let relays: ClusterRelay[];
  beforeAll(async () => {
    relays = await cluster.start(3);
  });
  it('CLUSTER-1 clients spread over the relays converge, and a fresh client of any relay loads it all from the store', async () => {
    const alliance = await createAlliance(relays[0]!.url);
    const spread = Array.from({ length: 6 }, (_, i) => client(`c${i}`, relays[i % 3]!, alliance.id, alliance.token));
    await Promise.all(spread.map((c) => c.synced()));
    for (let round = 0; round < 10; round++) for (const c of spread) c.write();
    const entries = await converged(spread);
    expect(entries).toHaveLength(60);
    const late = client('late', relays[2]!, alliance.id, alliance.token);
    await late.synced();
    expect(late.entries().sort()).toEqual(entries);
  });

  it('CLUSTER-1, PRESENCE-11 a socket joining one relay sees the presence of people on the others at once', async () => {
    const alliance = await createAlliance(relays[0]!.url);
    const here = provider(relays[0]!, alliance.id, alliance.token);
    await synced(here);
    here.awareness.setLocalStateField('user', { name: 'Ada on relay 0' });
    const watcher = provider(relays[2]!, alliance.id, alliance.token);
    const isAda = (state: Record<string, unknown>) => (state.user as { name?: string } | undefined)?.name === 'Ada on relay 0';
    // Relay 2 opens the room after Ada's state was published: opening asks the others for their people's presence.
    await presenceShows(watcher.awareness, isAda, 'presence for a room opened later', 3_000);
    // A room open on relay 1 whose sockets never echo (raw sockets, unlike the stock client): a socket
    // that joins it gets Ada's state from what the room kept of relay 0's publication.
    const first = rawSocket(relays[1]!, alliance.id, alliance.token);
    await nextFrame(first, showsAda, 3_000);
    const second = rawSocket(relays[1]!, alliance.id, alliance.token);
    await nextFrame(second, showsAda, 3_000);
    first.terminate();
    second.terminate();
  });

  it('CLUSTER-5 a link revoked through one relay is cut on every relay within a second', async () => {
    const alliance = await createAlliance(relays[0]!.url);
    const link = await createLink(relays[0]!.url, alliance, 'view');
    const onEach = relays.map((relay) => provider(relay, alliance.id, link.token));
    await Promise.all(onEach.map((p) => synced(p)));
    const closes = onEach.map((p) => providerClosed(p, 5_000));
    const started = Date.now();
    const response = await fetch(`${relays[1]!.url}/api/alliances/${alliance.id}/links/${link.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${alliance.token}` },
    });
    expect(response.status).toBeLessThan(300);
    expect(await Promise.all(closes)).toEqual([CLOSE_CODES.revoked, CLOSE_CODES.revoked, CLOSE_CODES.revoked]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('CLUSTER-6 bad input is refused with the same code on every relay, and nothing refused reaches another relay or the store', async () => {
    const alliance = await createAlliance(relays[0]!.url);
    const view = await createLink(relays[0]!.url, alliance, 'view');
    const watched = new Y.Doc();
    await synced(provider(relays[0]!, alliance.id, alliance.token, watched));
    // A client id past 2^53 (#11's probe): Yjs would apply it and the stored copy would no longer load.
    const clientBeyond = Uint8Array.of(1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x8f, 0x01, 0, 0x04, 1, 1, 0x61, 1, 0x78, 0);
    const viewerText = new Y.Doc();
    viewerText.getText('charter').insert(0, 'a view link wrote this');
    const viewWrite = Y.encodeStateAsUpdate(viewerText);
    const codes: number[][] = [];
    for (const relay of relays) {
      const open = (path: string, protocols: string[], first?: Uint8Array | string) => {
        const socket = new WebSocket(`${relay.wsUrl}${path}`, protocols);
        socket.on('error', () => {});
        if (first !== undefined) socket.once('open', () => socket.send(first));
        return socket;
      };
      const text = open(`/sync/${alliance.id}`, [SUBPROTOCOL, alliance.token], 'not binary');
      const unknown = open(`/sync/${alliance.id}`, [SUBPROTOCOL, 'not-a-secret-of-this-alliance']);
      const notAlliance = open('/sync/not-an-alliance', [SUBPROTOCOL, alliance.token]);
      const truncated = open(`/sync/${alliance.id}`, [SUBPROTOCOL, alliance.token], Uint8Array.of(0, 2, 200));
      const beyond = open(`/sync/${alliance.id}`, [SUBPROTOCOL, alliance.token], updateFrame(clientBeyond));
      // A view link's write is dropped, not answered (AUTH-1): the socket stays open.
      const viewer = open(`/sync/${alliance.id}`, [SUBPROTOCOL, view.token], updateFrame(viewWrite));
      codes.push((await Promise.all([text, unknown, notAlliance, truncated, beyond].map((s) => closed(s)))).map((c) => c.code));
      viewer.close();
      expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    }
    const expected = [CLOSE_CODES.malformed, CLOSE_CODES.unauthorized, CLOSE_CODES.notFound, CLOSE_CODES.malformed, CLOSE_CODES.malformed];
    expect(codes).toEqual([expected, expected, expected]);
    // A real write through the last relay reaches the watcher; nothing refused came before it, nor is stored.
    const writer = new Y.Doc();
    const writing = provider(relays[2]!, alliance.id, alliance.token, writer);
    await synced(writing);
    writer.getText('charter').insert(0, 'after the refusals');
    await withTimeout(new Promise<void>((resolve) => {
      const check = () => watched.getText('charter').toString().includes('after the refusals') && resolve();
      watched.on('update', check);
      check();
    }), 5_000, 'the real write');
    const fresh = new Y.Doc();
    await synced(provider(relays[1]!, alliance.id, alliance.token, fresh));
    for (const doc of [watched, fresh]) {
      expect(doc.getText('charter').toString()).toBe('after the refusals');
      expect([...doc.share.keys()].sort()).toEqual(['charter']);
    }
  });
});
