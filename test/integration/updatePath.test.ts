import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { CLOSE_CODES, type CreateAllianceResponse } from '@trellis/shared';
import { useChildRelays, type ChildRelay } from './childRelay.ts';
import { closed, docReaches, opened, providerClosed, synced, updateFrame, useRelay } from './relayHarness.ts';

/**
 * The probe's updates against the relay as `npm start` runs it (a child process: the risk is a
 * crash or a stalled event loop). Each is refused or held as PROTOCOL.md says, another alliance is
 * served while it happens, and the alliance is intact after its room unloads and the relay restarts.
 */
const relays = useChildRelays();

const BEYOND_2_53 = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x8f, 0x01];
const ROOT_A = [1, 1, 0x61];

async function createAlliance(relay: ChildRelay, name: string): Promise<CreateAllianceResponse> {
  const response = await fetch(`${relay.url}/api/alliances`, { method: 'POST', body: JSON.stringify({ name }) });
  expect(response.status).toBe(201);
  return (await response.json()) as CreateAllianceResponse;
}

function provider(relay: ChildRelay, alliance: CreateAllianceResponse, doc = new Y.Doc()): WebsocketProvider {
  return new WebsocketProvider(`${relay.url.replace(/^http/, 'ws')}/sync`, alliance.id, doc, {
    params: { token: alliance.token },
    disableBc: true,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
}

async function rawSocket(relay: ChildRelay, alliance: CreateAllianceResponse): Promise<WebSocket> {
  const socket = new WebSocket(`${relay.url.replace(/^http/, 'ws')}/sync/${alliance.id}?token=${alliance.token}`);
  socket.on('error', () => {});
  await opened(socket);
  return socket;
}

/** A seeded alliance, a bystander, and a check that the seed survives unload and restart. */
async function scene(relay: ChildRelay) {
  const target = await createAlliance(relay, 'Under attack');
  const bystander = await createAlliance(relay, 'Bystander');
  const seed = new Y.Doc();
  const seeding = provider(relay, target, seed);
  await synced(seeding);
  seed.getText('charter').insert(0, 'intact charter');
  const witness = new Y.Doc();
  const watching = provider(relay, target, witness);
  await docReaches(witness, () => witness.getText('charter').toString() === 'intact charter', 'the seed');
  seeding.destroy();
  watching.destroy();
  let round = 0;
  return {
    target,
    seedClient: seed.clientID,
    /** Another room is served: an edit there reaches a second client within a second. */
    async bystanderServed(on: ChildRelay = relay): Promise<void> {
      const a = new Y.Doc();
      const b = new Y.Doc();
      const pa = provider(on, bystander, a);
      const pb = provider(on, bystander, b);
      await Promise.all([synced(pa, 1_000), synced(pb, 1_000)]);
      const mark = ++round;
      a.getText('charter').insert(0, `${mark};`);
      await docReaches(b, () => b.getText('charter').toString().includes(`${mark};`), 'the bystander edit', 1_000);
      pa.destroy();
      pb.destroy();
    },
    /** The target reads as seeded on `on`. */
    async intact(on: ChildRelay = relay): Promise<void> {
      const doc = new Y.Doc();
      const reader = provider(on, target, doc);
      await synced(reader);
      expect(doc.getText('charter').toString()).toBe('intact charter');
      expect(doc.getText('a').toString()).toBe('');
      reader.destroy();
    },
  };
}

/** Stops the relay (its rooms are compacted on the way) and starts it again over the same data. */
async function restart(relay: ChildRelay): Promise<ChildRelay> {
  relay.child.kill('SIGTERM');
  expect(await relay.exited).toBe(0);
  return relays.start();
}

async function refusedWith(relay: ChildRelay, alliance: CreateAllianceResponse, update: Uint8Array): Promise<number> {
  const socket = await rawSocket(relay, alliance);
  const closing = closed(socket);
  socket.send(updateFrame(update));
  return (await closing).code;
}

describe('the update path against hostile writers (the relay as a child process)', () => {
  it('APPLY-4 the probe\'s numbers: a client id, an origin, a deleted client past 2^53 or Infinity, a NaN clock: 4400 at once; nothing stored; the relay lives on', async () => {
    let relay = await relays.start();
    const { target, seedClient, bystanderServed, intact } = await scene(relay);
    const clientBeyond = Uint8Array.of(1, 1, ...BEYOND_2_53, 0, 0x04, ...ROOT_A, 1, 0x78, 0);
    const originBeyond = Uint8Array.of(1, 1, 7, 0, 0x84, ...BEYOND_2_53, 0, 1, 0x78, 0);
    const deleteInfinity = Uint8Array.of(0, 1, ...new Array(147).fill(0x80), 0x01, 1, 0, 1);
    // The seed writer's first characters, deleted at clock NaN (lib0 reads it so; Yjs re-encodes it as 0).
    const seedClientBytes: number[] = [];
    for (let n = seedClient; ; n = Math.floor(n / 128)) {
      if (n < 128) {
        seedClientBytes.push(n);
        break;
      }
      seedClientBytes.push(0x80 | (n & 0x7f));
    }
    const deleteNaN = Uint8Array.of(0, 1, ...seedClientBytes, 1, ...new Array(150).fill(0x80), 0x00, 6);
    for (const update of [clientBeyond, originBeyond, deleteInfinity, deleteNaN]) {
      const started = Date.now();
      expect(await refusedWith(relay, target, update)).toBe(CLOSE_CODES.malformed);
      // Refused at once: the event loop never ran Yjs's endless Infinity loop.
      expect(Date.now() - started).toBeLessThan(1_000);
      await bystanderServed();
    }
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    // The room unloads (compaction), the relay restarts: the alliance reads as it was, first characters included.
    relay = await restart(relay);
    await intact(relay);
    await bystanderServed(relay);
  });

  it('APPLY-5 an item that overlaps the end of a collected range is refused before Yjs (which threw on it): no rebuild, others served', async () => {
    const relay = await relays.start();
    const { target, bystanderServed, intact } = await scene(relay);
    const socket = await rawSocket(relay, target);
    const answered = new Promise<void>((resolve) => socket.on('message', (data: Buffer) => data[0] === 0 && data[1] === 1 && resolve()));
    // Client 5's clock 0 as collected garbage, then an item of client 5 from clock 0 to 1.
    socket.send(updateFrame(Uint8Array.of(1, 1, 5, 0, 0x00, 1, 0)));
    socket.send(Uint8Array.of(0, 0, 1, 0));
    await answered;
    const closing = closed(socket);
    socket.send(updateFrame(Uint8Array.of(1, 1, 5, 0, 0x08, 1, 1, 0x6c, 2, 126, 126, 0)));
    expect((await closing).code).toBe(CLOSE_CODES.malformed);
    await bystanderServed();
    await intact();
    expect(relay.output.some((line) => line.includes('failed to integrate'))).toBe(false);
  });

  it('APPLY-3 updates that build on what nobody sent are held, a few per socket: beyond that 1013; none is stored; others are served', async () => {
    let relay = await relays.start();
    const { target, bystanderServed, intact } = await scene(relay);
    // 256 KB updates each missing an earlier clock of their own client: never integrable.
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on('update', (update: Uint8Array) => updates.push(update));
    author.getText('a').insert(0, 'x');
    for (let i = 0; i < 8; i++) author.getText('a').insert(0, String.fromCharCode(97 + i).repeat(256 * 1024));
    const socket = await rawSocket(relay, target);
    const closing = closed(socket, 10_000);
    for (const update of updates.slice(1)) socket.send(updateFrame(update));
    // The fifth pushes the held bytes past 1 MiB.
    expect((await closing).code).toBe(CLOSE_CODES.tryAgainLater);
    await bystanderServed();
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    // A large update that is not ready is refused at once rather than held: 1,001 structs after a gap.
    const large = new Y.Doc();
    const largeUpdates: Uint8Array[] = [];
    large.on('update', (update: Uint8Array) => largeUpdates.push(update));
    large.getMap('m').set('first', 0);
    large.transact(() => {
      for (let i = 0; i < 1_001; i++) large.getMap('m').set(`k${i}`, i);
    });
    const largeSocket = await rawSocket(relay, target);
    const largeClosing = closed(largeSocket);
    largeSocket.send(updateFrame(largeUpdates[1]!));
    expect((await largeClosing).code).toBe(CLOSE_CODES.tryAgainLater);
    await intact();
    relay = await restart(relay);
    await intact(relay);
  });

  it('APPLY-1 an honest update that arrives before the one it builds on is held, then applied, stored and relayed once that one arrives', async () => {
    let relay = await relays.start();
    const { target } = await scene(relay);
    const watcherDoc = new Y.Doc();
    const watcher = provider(relay, target, watcherDoc);
    await synced(watcher);
    // Two tabs of one browser: B saw A's edit (through their BroadcastChannel) before the relay did.
    const a = new Y.Doc();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(watcherDoc));
    const aUpdates: Uint8Array[] = [];
    a.on('update', (update: Uint8Array) => aUpdates.push(update));
    a.getText('charter').insert(14, ' / A');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const bUpdates: Uint8Array[] = [];
    b.on('update', (update: Uint8Array) => bUpdates.push(update));
    b.getText('charter').insert(18, ' / B');
    const bSocket = await rawSocket(relay, target);
    bSocket.send(updateFrame(bUpdates[0]!));
    // Held: not relayed while A's edit is missing.
    await expect(
      docReaches(watcherDoc, () => watcherDoc.getText('charter').toString().includes('B'), 'B before A', 500),
    ).rejects.toThrow(/timed out/);
    const aSocket = await rawSocket(relay, target);
    aSocket.send(updateFrame(aUpdates[0]!));
    await docReaches(watcherDoc, () => watcherDoc.getText('charter').toString() === 'intact charter / A / B', 'both edits');
    expect(bSocket.readyState).toBe(WebSocket.OPEN);
    watcher.destroy();
    bSocket.terminate();
    aSocket.terminate();
    relay = await restart(relay);
    const fresh = new Y.Doc();
    const reader = provider(relay, target, fresh);
    await synced(reader);
    expect(fresh.getText('charter').toString()).toBe('intact charter / A / B');
    reader.destroy();
  });

  it('QUARANTINE-1 a stored copy that cannot be read is refused with 4422 and kept as it is; the process and other alliances are unaffected', async () => {
    let relay = await relays.start();
    const { target, bystanderServed } = await scene(relay);
    relay.child.kill('SIGTERM');
    expect(await relay.exited).toBe(0);
    // Damage the stored snapshot on disk, as a faulty disk or an older relay's bug could.
    const db = new Database(join(relays.dataDir, 'trellis.sqlite'));
    const before = db.prepare('SELECT data FROM snapshots WHERE alliance_id = ?').get(target.id) as { data: Buffer };
    // Cut short by one byte: it no longer decodes.
    const damaged = Buffer.from(before.data.subarray(0, before.data.length - 1));
    db.prepare('UPDATE snapshots SET data = ? WHERE alliance_id = ?').run(damaged, target.id);
    db.close();
    relay = await relays.start();
    const reader = provider(relay, target);
    expect(await providerClosed(reader)).toBe(CLOSE_CODES.damaged);
    reader.destroy();
    await bystanderServed(relay);
    expect(relay.output.some((line) => line.includes('alliance quarantined'))).toBe(true);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/^trellis_alliances_quarantined_total 1$/m);
    relay.child.kill('SIGTERM');
    expect(await relay.exited).toBe(0);
    // Kept as it was, for the operator.
    const after = new Database(join(relays.dataDir, 'trellis.sqlite'));
    const kept = after.prepare('SELECT data FROM snapshots WHERE alliance_id = ?').get(target.id) as { data: Buffer };
    after.close();
    expect(Buffer.compare(kept.data, damaged)).toBe(0);
  });
});

describe('the integration budget', () => {
  const harness = useRelay({ limits: { applyBudgetMs: 50, applyMsPerSecond: 10 } });

  it("APPLY-6 an alliance whose updates take more than its share of Yjs's time is refused (1013) until the budget refills; others are served", async () => {
    const heavy = await harness.createAlliance({ name: 'Heavy' });
    const other = await harness.createAlliance({ name: 'Other' });
    // 5,000 values for one key (`meta.name`, which the creator may write while it governs alone, AUTH-11), none
    // naming an origin: Yjs compares each with every earlier one.
    const bytes: number[] = [1, 0x88, 0x27, 7, 0]; // one client (7) with 5,000 structs from clock 0
    for (let i = 0; i < 5_000; i++) bytes.push(0x28, 1, 4, 0x6d, 0x65, 0x74, 0x61, 4, 0x6e, 0x61, 0x6d, 0x65, 1, 126);
    bytes.push(0);
    const socket = harness.socket(`/sync/${heavy.id}?token=${heavy.token}`);
    await opened(socket);
    const answered = new Promise<void>((resolve) => socket.on('message', (data: Buffer) => data[0] === 0 && data[1] === 1 && resolve()));
    socket.send(updateFrame(Uint8Array.from(bytes)));
    socket.send(Uint8Array.of(0, 0, 1, 0));
    await answered;
    // Its next update, however small, waits for the budget to refill.
    const closing = closed(socket);
    socket.send(updateFrame(Uint8Array.of(1, 1, 8, 0, 0x04, 1, 1, 0x61, 1, 0x78, 0)));
    expect((await closing).code).toBe(CLOSE_CODES.tryAgainLater);
    const a = new Y.Doc();
    const b = new Y.Doc();
    const pa = harness.provider(other.id, other.token, a);
    const pb = harness.provider(other.id, other.token, b);
    await Promise.all([synced(pa), synced(pb)]);
    a.getText('charter').insert(0, 'served');
    await docReaches(b, () => b.getText('charter').toString() === 'served', 'the other alliance');
  });
});
