import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newAllianceId, newRecordId } from '@trellis/shared';
import { registerStoreContract } from './storeContract.ts';
import { openPostgresStore } from './postgresStore.ts';
import { POSTGRES_MIGRATIONS } from './postgresMigrations.ts';
import type { AllianceStore } from './allianceStore.ts';
import { useTestDatabase } from '../testing/testDatabase.ts';

const database = useTestDatabase();

registerStoreContract('postgres', async () => {
  const store = await openPostgresStore(database.url);
  return {
    store,
    reopen: async () => {
      await store.close();
      return openPostgresStore(database.url);
    },
  };
});

const opened: AllianceStore[] = [];
afterAll(async () => {
  for (const store of opened) await store.close();
});

async function open(url = database.url, retryForMs?: number): Promise<AllianceStore> {
  const store = await openPostgresStore(url, { retryForMs });
  opened.push(store);
  return store;
}

async function register(store: AllianceStore): Promise<string> {
  const id = newAllianceId();
  const linkId = newRecordId();
  const tokenHash = crypto.getRandomValues(new Uint8Array(32));
  const link = { id: linkId, allianceId: id, role: 'owner' as const, label: 'creator', partnerId: null, tokenHash, createdAt: 1, revokedAt: null };
  expect(await store.createAlliance({ id, name: '', createdAt: 1, creatorLinkId: linkId }, link)).toBe('created');
  return id;
}

/** Folds what the store holds into one snapshot and compacts through the seq it read. */
async function compactOnce(store: AllianceStore, allianceId: string): Promise<void> {
  const stored = await store.loadDocument(allianceId);
  const doc = new Y.Doc();
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  await store.compact(allianceId, Y.encodeStateAsUpdate(doc), Y.encodeStateVector(doc), stored.throughSeq);
}

describe('the PostgreSQL store shared by two relays', () => {
  it('STORE-16 two store instances compacting one alliance while both append lose no update, and number them without a gap', async () => {
    const [a, b] = [await open(), await open()];
    const allianceId = await register(a);
    const writers = [new Y.Doc(), new Y.Doc()];
    const seqs: number[] = [];
    let writing = true;
    const write = async (store: AllianceStore, doc: Y.Doc, from: number) => {
      for (let i = 0; i < 150; i++) {
        const before = Y.encodeStateVector(doc);
        doc.getArray<number>('trust').push([from + i]);
        seqs.push(...(await store.appendUpdates([{ allianceId, update: Y.encodeStateAsUpdate(doc, before) }])));
      }
    };
    const compactor = async (store: AllianceStore) => {
      let runs = 0;
      while (writing || runs === 0) {
        await compactOnce(store, allianceId);
        runs++;
      }
      return runs;
    };
    const compactions = Promise.all([compactor(a), compactor(b)]);
    await Promise.all([write(a, writers[0]!, 0), write(b, writers[1]!, 1_000)]);
    writing = false;
    const runs = await compactions;
    expect(runs.every((n) => n > 1)).toBe(true);

    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const stored = await b.loadDocument(allianceId);
    const doc = new Y.Doc();
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    const values = doc.getArray<number>('trust').toArray().sort((x, y) => x - y);
    expect(values).toEqual([...Array.from({ length: 150 }, (_, i) => i), ...Array.from({ length: 150 }, (_, i) => 1_000 + i)]);
    expect(stored.throughSeq).toBe(300);
  });
});

/** A TCP relay to the test server that the test can cut and restore: PostgreSQL "restarting" without touching the shared server. */
function cuttableProxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect({ host: target.hostname, port: Number(target.port || 5432) });
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  return {
    start,
    url(): string {
      const url = new URL(target);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    /** Every connection dropped and no new one accepted, as while the server restarts. */
    cut: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server!.close(() => resolve());
      }),
  };
}

describe('the PostgreSQL store when the server goes away', () => {
  it('STORE-17 an append waits while PostgreSQL is unreachable and resolves once it is stored; past the bound it fails plainly', async () => {
    const proxy = cuttableProxy(new URL(database.url));
    await proxy.start();
    const store = await open(proxy.url(), 20_000);
    const allianceId = await register(store);
    expect(await store.appendUpdates([{ allianceId, update: Uint8Array.of(0, 0) }])).toEqual([1]);

    await proxy.cut();
    let resolved = false;
    const pending = store.appendUpdates([{ allianceId, update: Uint8Array.of(0, 0) }]).finally(() => (resolved = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(resolved).toBe(false);
    await proxy.start();
    expect(await pending).toEqual([2]);
    const direct = await open();
    expect((await direct.loadDocument(allianceId)).throughSeq).toBe(2);

    const bounded = await open(proxy.url(), 300);
    await proxy.cut();
    await expect(bounded.appendUpdates([{ allianceId, update: Uint8Array.of(0, 0) }])).rejects.toThrow(/PostgreSQL unreachable for 300 ms \(append\)/);
    await proxy.start();
  });
});

describe('the PostgreSQL store on a database a newer relay has migrated', () => {
  const newer = useTestDatabase();

  it('STORE-20 refuses it, says so, and leaves it as it was', async () => {
    const store = await openPostgresStore(newer.url);
    const allianceId = await register(store);
    await store.close();
    const known = POSTGRES_MIGRATIONS.length;
    const client = new pg.Client({ connectionString: newer.url });
    await client.connect();
    try {
      await client.query('UPDATE trellis_schema SET version = $1', [known + 1]);
      await expect(openPostgresStore(newer.url)).rejects.toThrow(
        `the PostgreSQL database is at schema version ${known + 1}, newer than this relay knows (${known})`,
      );
      expect((await client.query('SELECT version FROM trellis_schema')).rows).toEqual([{ version: known + 1 }]);
      expect((await client.query('SELECT id FROM alliances')).rows).toEqual([{ id: allianceId }]);
    } finally {
      await client.end();
    }
  });
});
