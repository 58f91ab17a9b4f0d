import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { CLOSE_CODES, type CreateAllianceResponse } from '@trellis/shared';
import { useChildRelays } from './childRelay.ts';
import { openPostgresStore } from '../../sync-server/src/store/postgresStore.ts';
import { openSqliteStore } from '../../sync-server/src/store/sqliteStore.ts';
import type { AllianceStore } from '../../sync-server/src/store/allianceStore.ts';
import { docReaches, providerClosed, synced, TEST_STORE, withTimeout } from './relayHarness.ts';

const relays = useChildRelays();

/** The relays' store, opened by the test itself while no relay runs. */
async function openStore(): Promise<AllianceStore> {
  return TEST_STORE === 'postgres' ? openPostgresStore(relays.databaseUrl!) : openSqliteStore(relays.dataDir);
}
const providers = new Set<WebsocketProvider>();

function connect(url: string, alliance: CreateAllianceResponse, doc = new Y.Doc()): WebsocketProvider {
  const provider = new WebsocketProvider(url.replace(/^http/, 'ws') + '/sync', alliance.id, doc, {
    params: { token: alliance.token },
    disableBc: true,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  providers.add(provider);
  return provider;
}

function disconnectAll(): void {
  for (const provider of providers) provider.destroy();
  providers.clear();
}

async function createAlliance(url: string): Promise<CreateAllianceResponse> {
  const response = await fetch(`${url}/api/alliances`, { method: 'POST', body: '{}' });
  expect(response.status).toBe(201);
  return (await response.json()) as CreateAllianceResponse;
}

describe('durability of the relay process', () => {
  const settings = TEST_STORE === 'postgres' ? ['PostgreSQL'] : ['SQLITE_SYNCHRONOUS=NORMAL', 'SQLITE_SYNCHRONOUS=FULL'];
  it.each(settings)('DUR-1 kill -9 loses nothing that any client has seen relayed (%s)', async (setting) => {
    const first = await relays.start(setting.startsWith('SQLITE') ? { SQLITE_SYNCHRONOUS: setting.split('=')[1]! } : {});
    const alliance = await createAlliance(first.url);
    const writer = new Y.Doc();
    const witness = new Y.Doc();
    const writerProvider = connect(first.url, alliance, writer);
    const witnessProvider = connect(first.url, alliance, witness);
    await Promise.all([synced(writerProvider), synced(witnessProvider)]);

    // The writer streams edits; the relay is killed while they are in flight.
    const trust = writer.getArray<number>('trust');
    let written = 0;
    const stream = setInterval(() => {
      for (let i = 0; i < 20; i++) trust.push([written++]);
    }, 2);
    await docReaches(witness, () => witness.getArray('trust').length >= 600, 'the witness to see 600 edits', 30_000); // a relay on a busy machine: the test is what was lost, not how fast
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    clearInterval(stream);
    const seen = witness.getArray<number>('trust').toArray();
    disconnectAll();

    const second = await relays.start();
    const fresh = new Y.Doc();
    await synced(connect(second.url, alliance, fresh));
    const stored = new Set(fresh.getArray<number>('trust').toArray());
    const lost = seen.filter((value) => !stored.has(value));
    expect(lost).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(seen.length);
    disconnectAll();
    second.child.kill('SIGKILL');
  });

  it('DUR-2 SIGTERM closes sockets with 1001, saves every room as one snapshot, exits 0; a restart serves it all', async () => {
    const first = await relays.start();
    const alliances = await Promise.all([createAlliance(first.url), createAlliance(first.url)]);
    const docs = alliances.map(() => new Y.Doc());
    const live = alliances.map((alliance, i) => connect(first.url, alliance, docs[i]));
    await Promise.all(live.map((provider) => synced(provider)));
    docs.forEach((doc, i) => doc.getText('charter').insert(0, `Charter of alliance ${i}.`));
    // A second client per alliance proves each edit was stored and relayed before the signal.
    const watchers = alliances.map(() => new Y.Doc());
    await Promise.all(
      alliances.map(async (alliance, i) => {
        await synced(connect(first.url, alliance, watchers[i]));
        await docReaches(watchers[i]!, () => watchers[i]!.getText('charter').length > 0, 'the watcher');
      }),
    );
    const closes = live.map((provider) => providerClosed(provider));
    first.child.kill('SIGTERM');
    expect(await withTimeout(first.exited, 10_000, 'exit after SIGTERM')).toBe(0);
    expect(await Promise.all(closes)).toEqual([CLOSE_CODES.goingAway, CLOSE_CODES.goingAway]);
    disconnectAll();

    // Each room is one snapshot and no log: the whole document, with its state vector.
    const store = await openStore();
    for (const alliance of alliances) {
      const stored = await store.loadDocument(alliance.id);
      expect([stored.updates.length, stored.stateVector !== null]).toEqual([1, true]);
    }
    await store.close();

    const second = await relays.start();
    for (const [i, alliance] of alliances.entries()) {
      const fresh = new Y.Doc();
      await synced(connect(second.url, alliance, fresh));
      expect(fresh.getText('charter').toString()).toBe(`Charter of alliance ${i}.`);
    }
    disconnectAll();
    second.child.kill('SIGTERM');
    expect(await withTimeout(second.exited, 10_000, 'exit after SIGTERM')).toBe(0);
  });

  // PostgreSQL acknowledges a commit once it is in its fsynced WAL: no window for a power cut to take back.
  if (TEST_STORE === 'sqlite') it('DUR-4 a power cut that takes back the relay\'s last commits: a writer\'s next connection restores them', async () => {
    const file = join(relays.dataDir, 'trellis.sqlite');
    const first = await relays.start();
    const alliance = await createAlliance(first.url);
    const writer = new Y.Doc();
    const witness = new Y.Doc();
    await Promise.all([synced(connect(first.url, alliance, writer)), synced(connect(first.url, alliance, witness))]);
    const charter = writer.getText('charter');
    charter.insert(0, 'Decisions by consensus.');
    await docReaches(witness, () => witness.getText('charter').length > 0, 'the witness to see the first edit');

    // What the disk held when the power went: a consistent copy from before the last edit.
    const onDisk = join(relays.dataDir, 'on-disk.sqlite');
    const live = new Database(file);
    await live.backup(onDisk);
    live.close();
    charter.insert(charter.length, ' Vetoes for the smaller partners.');
    await docReaches(witness, () => witness.getText('charter').toString().includes('Vetoes'), 'the witness to see the last edit');
    first.child.kill('SIGKILL');
    await first.exited;
    disconnectAll();
    copyFileSync(onDisk, file);
    for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });

    const second = await relays.start();
    const before = new Y.Doc();
    await synced(connect(second.url, alliance, before));
    expect(before.getText('charter').toString()).toBe('Decisions by consensus.');

    // The writer's browser still holds everything; reconnecting hands the relay what it lacks.
    await synced(connect(second.url, alliance, writer));
    const after = new Y.Doc();
    await synced(connect(second.url, alliance, after));
    await docReaches(after, () => after.getText('charter').toString().includes('Vetoes'), 'a fresh client to see the restored edit');
    expect(after.getText('charter').toString()).toBe('Decisions by consensus. Vetoes for the smaller partners.');
    disconnectAll();
    second.child.kill('SIGTERM');
    expect(await withTimeout(second.exited, 10_000, 'exit after SIGTERM')).toBe(0);
  });
});
