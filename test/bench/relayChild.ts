/**
 * One relay in its own process, so that its CPU time and RSS are its own. argv[2] is the flavour:
 * `trellis` (our relay as shipped: SQLite in WAL with synchronous=NORMAL and the WAL flusher,
 * links, every check on), `trellis-full` (the same with synchronous=FULL: an fsync per update before
 * it is relayed, to show what that costs), `trellis-unchecked` (as shipped but with the authority check off, the
 * bench-only switch, to show what the check costs), `trellis-in-memory` (as shipped but storing nothing, the memory
 * store, to show what storing costs) or `baseline` (@y/websocket-server).
 * It reports its port over IPC and answers `usage` requests with its CPU time, RSS and room count.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export type ChildRequest = { type: 'usage'; gc: boolean };
export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'usage'; cpuMicros: number; rssBytes: number; heapUsedBytes: number; rooms: number };

const flavour = process.argv[2];
const send = (message: ChildMessage) => process.send!(message);
let rooms: () => number;
let stop: () => Promise<void>;

if (flavour === 'trellis' || flavour === 'trellis-full' || flavour === 'trellis-unchecked' || flavour === 'trellis-in-memory') {
  const dataDir = process.argv[3]!;
  const sqlite = { synchronous: flavour === 'trellis-full' ? 'FULL' : 'NORMAL' } as const;
  // One bench client registers hundreds of rooms from one address: the per-network creation limit
  // is for strangers, not for a load test.
  const limits = { allianceCreateBurst: 1_000_000, checkAuthority: flavour !== 'trellis-unchecked' };
  // Imported here only: the baseline's process loads its own Yjs (bench/node_modules), and only that.
  const { startRelay } = await import('../../sync-server/src/index.ts');
  // In memory (bench only): what the relay costs without storing anything, to show what storing costs.
  const { createMemoryStore } = await import('../../sync-server/src/store/memoryStore.ts');
  const store = flavour === 'trellis-in-memory' ? { store: createMemoryStore() } : {};
  const relay = await startRelay({ port: 0, dataDir, clientDir: null, log: () => {}, sqlite, limits, ...store });
  rooms = () => relay.metrics.rooms;
  stop = () => relay.close();
  send({ type: 'ready', port: relay.port });
} else {
  const { setupWSConnection, docs } = await importBaseline();
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((_request, response) => response.end('okay'));
  wss.on('connection', setupWSConnection);
  server.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  rooms = () => docs.size;
  stop = async () => {
    server.closeAllConnections();
    server.close();
  };
  send({ type: 'ready', port: (server.address() as AddressInfo).port });
}

process.on('message', (request: ChildRequest) => {
  if (request.type !== 'usage') return;
  if (request.gc) {
    // Several passes: ws and Yjs leave garbage that one pass does not reach.
    for (let i = 0; i < 3; i++) globalThis.gc?.();
  }
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  send({ type: 'usage', cpuMicros: cpu.user + cpu.system, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, rooms: rooms() });
});

/**
 * The baseline from its own package, bench/ (not a workspace: `npm ci` for the app leaves it out).
 * Through a computed specifier, so that nothing that checks the app resolves it.
 */
async function importBaseline(): Promise<{
  setupWSConnection: (socket: import('ws').WebSocket, request: import('node:http').IncomingMessage) => void;
  docs: Map<string, unknown>;
}> {
  const entry = new URL('../../bench/baseline.js', import.meta.url).href;
  try {
    return await import(entry);
  } catch (error) {
    throw new Error(`the baseline is not installed: run \`npm run bench:install\` (npm run bench does) — ${String(error)}`);
  }
}

// The bench gone (it failed or was stopped), nobody is left to stop this relay.
process.on('disconnect', () => process.exit(0));

process.on('SIGTERM', () => {
  void stop().then(() => process.exit(0));
});
