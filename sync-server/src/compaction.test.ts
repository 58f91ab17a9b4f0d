import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { CreateAllianceResponse } from '@trellis/shared';
import { startRelay, type RunningRelay } from './relay.ts';
import { openSqliteStore } from './store/sqliteStore.ts';
import type { AllianceStore } from './store/allianceStore.ts';

const COMPACT_EVERY = 5;

describe('periodic compaction', () => {
  let dataDir = '';
  let store: AllianceStore;
  let relay: RunningRelay;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'trellis-compaction-'));
    store = openSqliteStore(dataDir);
    relay = await startRelay({ port: 0, dataDir, clientDir: null, log: () => {}, store, limits: { compactEvery: COMPACT_EVERY } });
  });
  afterAll(async () => {
    await relay.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a loaded room folds its log into one snapshot every compactEvery stored updates', async () => {
    const response = await fetch(`${relay.url}/api/alliances`, { method: 'POST', body: '{}' });
    const alliance = (await response.json()) as CreateAllianceResponse;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(relay.url.replace(/^http/, 'ws') + '/sync', alliance.id, doc, {
      params: { token: alliance.token },
      disableBc: true,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    try {
      await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
      const text = doc.getText('charter');
      // One transaction each: COMPACT_EVERY + 1 separate updates, while the room stays loaded.
      for (let i = 0; i <= COMPACT_EVERY; i++) text.insert(text.length, `${i}`);
      await vi.waitFor(
        async () => {
          const stored = await store.loadDocument(alliance.id);
          const replayed = new Y.Doc();
          for (const update of stored.updates) Y.applyUpdate(replayed, update);
          expect(replayed.getText('charter').toString()).toBe('012345');
          expect(stored.updates.length).toBeLessThanOrEqual(2);
        },
        { timeout: 5_000, interval: 1 },
      );
      const stored = await store.loadDocument(alliance.id);
      // The snapshot, then at most the one update stored after it was taken.
      expect(stored.updates.length).toBeLessThanOrEqual(2);
      expect(stored.throughSeq).toBeGreaterThanOrEqual(COMPACT_EVERY);
      expect(relay.metrics.rooms).toBe(1);
    } finally {
      provider.destroy();
    }
  });
});
