import { DEFAULT_HOST, DEFAULT_PORT } from '@trellis/shared';
import { startRelay } from './relay.ts';
import type { RelayLimits } from './limits.ts';

/**
 * `npm start`: the relay and the built client on one port.
 * Env: PORT (8787; 0 = any free port), HOST (127.0.0.1), DATA_DIR (./data), PUBLIC_URL
 * (default http://HOST:PORT), MAX_FRAME_BYTES (16 MiB).
 */
const port = readInteger('PORT', DEFAULT_PORT);
const host = process.env.HOST || DEFAULT_HOST;
const limits: Partial<RelayLimits> = {};
if (process.env.MAX_FRAME_BYTES) limits.maxFrameBytes = readInteger('MAX_FRAME_BYTES', 0);

const relay = await startRelay({
  host,
  port,
  dataDir: process.env.DATA_DIR || './data',
  publicUrl: process.env.PUBLIC_URL || undefined,
  limits,
});
process.stdout.write(
  JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'relay listening', url: relay.url, port: relay.port }) +
    '\n',
);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    relay.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  });
}

function readInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`${name} must be a non-negative integer, not ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return value;
}
