/**
 * One Hocuspocus 3 instance with @hocuspocus/extension-redis, in its own process so that its CPU
 * time is its own: the cluster baseline of the cross-relay fan-out (crossRelay.bench.ts). argv[2] is
 * the Redis port, argv[3] the key prefix shared by the instances of one cluster. No database
 * extension: the instances hold documents in memory and share them through Redis, which is what
 * the fan-out measures. Reports its port over IPC and answers `usage` requests with its CPU time.
 */
import type { ChildMessage, ChildRequest } from './relayChild.ts';

const redisPort = Number(process.argv[2]);
const prefix = process.argv[3]!;
const send = (message: ChildMessage) => process.send!(message);

const { Server, Redis } = await importHocuspocus();
const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  extensions: [new Redis({ host: '127.0.0.1', port: redisPort, prefix })],
});
await server.listen();
send({ type: 'ready', port: server.address.port });

process.on('message', (request: ChildRequest) => {
  if (request.type !== 'usage') return;
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  send({ type: 'usage', cpuMicros: cpu.user + cpu.system, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, rooms: server.hocuspocus.getDocumentsCount() });
});

/** From bench/ (not a workspace), through computed specifiers, as relayChild.ts does for its baseline. */
async function importHocuspocus(): Promise<{
  Server: new (configuration: Record<string, unknown>) => {
    listen(): Promise<unknown>;
    destroy(): Promise<void>;
    address: { port: number };
    hocuspocus: { getDocumentsCount(): number };
  };
  Redis: new (configuration: Record<string, unknown>) => object;
}> {
  const from = (name: string) => new URL(`../../bench/node_modules/${name}`, import.meta.url).href;
  try {
    const server = (await import(from('@hocuspocus/server/dist/hocuspocus-server.esm.js'))) as { Server: never };
    const redis = (await import(from('@hocuspocus/extension-redis/dist/hocuspocus-redis.esm.js'))) as { Redis: never };
    return { Server: server.Server, Redis: redis.Redis };
  } catch (error) {
    throw new Error(`Hocuspocus is not installed: run \`npm run bench:install\` (npm run bench does) — ${String(error)}`);
  }
}

process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  void server.destroy().then(() => process.exit(0));
});
