import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { CreateAllianceResponse, CreateLinkResponse, Role } from '@trellis/shared';
import { startRelay, type RelayOptions, type RunningRelay } from '../../sync-server/src/index.ts';
import { useTestDatabase } from '../../sync-server/src/testing/testDatabase.ts';

/** The store the relays of this run use: SQLite, or PostgreSQL in the `test-postgres` project (test/vitest.services.config.ts). */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.TRELLIS_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * For a test file: what selects its relays' store. On PostgreSQL, a database of the file's own
 * (made before it, dropped after); on SQLite, nothing (the relay's data directory).
 */
export function useTestStore(): { relayOptions(): Partial<RelayOptions>; env(): Record<string, string> } {
  const database = TEST_STORE === 'postgres' ? useTestDatabase() : null;
  return {
    relayOptions: () => (database ? { databaseUrl: database.url } : {}),
    env: (): Record<string, string> => (database ? { DATABASE_URL: database.url } : {}),
  };
}

/**
 * A real relay on port 0 over a fresh data directory, for one test file. The factory registers
 * its own teardown: every provider and raw socket it made is closed after each test, the relay
 * and the directory after the file.
 */
export interface RelayHarness {
  readonly relay: RunningRelay;
  readonly dataDir: string;
  readonly logs: string[];
  /** ws://host:port/sync */
  readonly syncUrl: string;
  createAlliance(body?: Record<string, unknown>): Promise<CreateAllianceResponse>;
  createLink(allianceId: string, ownerToken: string, role: Role, label?: string): Promise<CreateLinkResponse>;
  /** A stock y-websocket provider, exactly as a third-party client would use it. */
  provider(allianceId: string, token: string, doc?: Y.Doc): WebsocketProvider;
  /** A raw socket to /sync/<id>; `protocols` lets it offer `trellis` and a secret. */
  socket(path: string, options?: { protocols?: string[] }): WebSocket;
  api(path: string, init?: RequestInit): Promise<Response>;
}

export function useRelay(options: Partial<RelayOptions> = {}): RelayHarness {
  let relay: RunningRelay | undefined;
  let dataDir = '';
  const logs: string[] = [];
  const providers = new Set<WebsocketProvider>();
  const sockets = new Set<WebSocket>();
  const testStore = useTestStore();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'trellis-relay-'));
    relay = await startRelay({ port: 0, dataDir, clientDir: null, log: (line) => logs.push(line), ...testStore.relayOptions(), ...options });
  });
  afterEach(() => {
    for (const provider of providers) provider.destroy();
    providers.clear();
    for (const socket of sockets) socket.terminate();
    sockets.clear();
  });
  afterAll(async () => {
    await relay?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const harness: RelayHarness = {
    get relay() {
      if (!relay) throw new Error('the relay starts in beforeAll');
      return relay;
    },
    get dataDir() {
      return dataDir;
    },
    logs,
    get syncUrl() {
      return harness.relay.url.replace(/^http/, 'ws') + '/sync';
    },
    async createAlliance(body = {}) {
      const response = await harness.api('/api/alliances', { method: 'POST', body: JSON.stringify(body) });
      if (response.status !== 201) throw new Error(`create alliance: ${response.status} ${await response.text()}`);
      return (await response.json()) as CreateAllianceResponse;
    },
    async createLink(allianceId, ownerToken, role, label = `${role} link`) {
      const response = await harness.api(`/api/alliances/${allianceId}/links`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ownerToken}` },
        body: JSON.stringify({ role, label }),
      });
      if (response.status !== 201) throw new Error(`create link: ${response.status} ${await response.text()}`);
      return (await response.json()) as CreateLinkResponse;
    },
    provider(allianceId, token, doc = new Y.Doc()) {
      const provider = new WebsocketProvider(harness.syncUrl, allianceId, doc, {
        params: { token },
        disableBc: true,
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      });
      providers.add(provider);
      return provider;
    },
    socket(path, socketOptions = {}) {
      const socket = new WebSocket(harness.syncUrl.replace(/\/sync$/, '') + path, socketOptions.protocols ?? []);
      socket.on('error', () => {});
      sockets.add(socket);
      return socket;
    },
    api(path, init = {}) {
      return fetch(harness.relay.url + path, init);
    },
  };
  return harness;
}

/** Resolves when `check` holds (Vitest's `vi.waitFor`, polling every 5 ms); fails naming `what` after `ms`. */
export async function eventually(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: ms, interval: 5 },
  );
}

export function synced(provider: WebsocketProvider, ms = 5_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve) => {
      const onSync = (state: boolean) => {
        if (!state) return;
        provider.off('sync', onSync);
        resolve();
      };
      provider.on('sync', onSync);
    }),
    ms,
    'provider sync',
  );
}

/** The code a provider's connection was closed with by the relay. */
export function providerClosed(provider: WebsocketProvider, ms = 5_000): Promise<number> {
  return withTimeout(
    new Promise<number>((resolve) => {
      provider.on('connection-close', (event) => {
        if (event) resolve(event.code);
      });
    }),
    ms,
    'provider close',
  );
}

export function opened(socket: WebSocket, ms = 5_000): Promise<void> {
  if (socket.readyState === WebSocket.OPEN) return Promise.resolve();
  return withTimeout(new Promise<void>((resolve) => socket.once('open', () => resolve())), ms, 'socket open');
}

export function closed(socket: WebSocket, ms = 5_000): Promise<{ code: number; reason: string }> {
  return withTimeout(
    new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
    ms,
    'socket close',
  );
}

/** The next binary frame the socket receives that `accept` takes. */
export function nextFrame(socket: WebSocket, accept: (frame: Uint8Array) => boolean = () => true, ms = 5_000) {
  return withTimeout(
    new Promise<Uint8Array>((resolve) => {
      const onMessage = (data: Buffer) => {
        const frame = new Uint8Array(data);
        if (!accept(frame)) return;
        socket.off('message', onMessage);
        resolve(frame);
      };
      socket.on('message', onMessage);
    }),
    ms,
    'a frame',
  );
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]);
}

/**
 * Resolves when `holds` is true, re-checking each time the listener that `subscribe` registers is called; fails
 * after `ms`. `subscribe` returns how to unsubscribe, which happens either way.
 */
function whenHolds(subscribe: (listener: () => void) => () => void, holds: () => boolean, what: string, ms: number): Promise<void> {
  if (holds()) return Promise.resolve();
  let unsubscribe = () => {};
  return withTimeout(
    new Promise<void>((resolve) => {
      unsubscribe = subscribe(() => {
        if (holds()) resolve();
      });
    }),
    ms,
    what,
  ).finally(() => unsubscribe());
}

/** Resolves when `check` holds for `doc`, re-checking on each of its updates. */
export function docReaches(doc: Y.Doc, check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const subscribe = (listener: () => void) => {
    doc.on('update', listener);
    return () => doc.off('update', listener);
  };
  return whenHolds(subscribe, check, what, ms);
}

interface AwarenessLike {
  getStates(): Map<number, Record<string, unknown>>;
  on(event: 'change', listener: () => void): void;
  off(event: 'change', listener: () => void): void;
}

/** Resolves when some awareness state satisfies `check`, re-checking on each change. */
export function presenceShows(
  awareness: AwarenessLike,
  check: (state: Record<string, unknown>) => boolean,
  what: string,
  ms = 5_000,
): Promise<void> {
  const subscribe = (listener: () => void) => {
    awareness.on('change', listener);
    return () => awareness.off('change', listener);
  };
  return whenHolds(subscribe, () => [...awareness.getStates().values()].some(check), what, ms);
}

/** A y-websocket update frame (`0, 2, varUint8Array(update)`), as a raw client sends it. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const length: number[] = [];
  let n = update.length;
  while (n > 127) {
    length.push(0x80 | (n & 0x7f));
    n = Math.floor(n / 128);
  }
  length.push(n);
  return Uint8Array.from([0, 2, ...length, ...update]);
}

/** A sync step 1 from a client that has nothing: the relay answers it with a sync step 2. */
export const EMPTY_STEP1 = Uint8Array.of(0, 0, 1, 0);
export const isStep2 = (frame: Uint8Array) => frame[0] === 0 && frame[1] === 1;

/** Still served: a sync step 1 on this socket is answered. */
export async function stillServed(socket: WebSocket): Promise<void> {
  const answer = nextFrame(socket, isStep2);
  socket.send(EMPTY_STEP1);
  await answer;
}
