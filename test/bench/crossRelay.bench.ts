/**
 * Cross-relay fan-out: a writer on relay A, 50 readers of the same room on relay B, the two relays
 * sharing one Redis. Measured here on Hocuspocus 3 with @hocuspocus/extension-redis (two instances,
 * a private Redis), and beside it, as the reference, the same stream with the writer and readers on
 * one instance. `measureTrellisCrossRelayFanOut(relayA, relayB)` measures a Trellis cluster the same
 * way from two relay URLs (CPU from each relay's /metrics); with one relay's URL twice it measures
 * the single relay. The cluster row runs two relays as `npm start` does, on a private PostgreSQL
 * (its store: every update is committed there before it is relayed) and the same private Redis.
 *
 * Clients are raw WebSockets speaking each server's protocol, so that client-side Yjs costs nothing
 * here. Every update inserts its own 12-digit number, and a reader's latency is matched by that
 * number: a server that merged or reordered frames would still be measured right.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { type CreateAllianceResponse, ROUTES } from '@trellis/shared';
import { ClusterRelay } from '../cluster/clusterRelay.ts';
import { PrivatePostgres, PrivateRedis } from '../cluster/privateServers.ts';
import { RelayProcess } from './relay.bench.ts';
import type { ChildMessage, ChildRequest } from './relayChild.ts';
import { markdownTable } from './report.ts';

/** The same stream as the single-relay fan-out (relay.bench.ts): 1 writer, 50 readers, 200 updates/s, 2,000 updates. */
const STREAM = { readers: 50, updates: 2_000, perSecond: 200 };
const ROUNDS = Number(process.env.BENCH_CROSS_ROUNDS ?? 3);

export interface CrossRelayFanOut {
  p50Ms: number;
  p99Ms: number;
  /** CPU time of both relays (A and B; once when they are the same) over the measured stream. */
  relayCpuMs: number;
  /** relayCpuMs per delivered message, in microseconds. */
  cpuPerDeliveryMicros: number;
  delivered: number;
  missed: number;
}

/** How one server speaks: the room to use, how a client joins it, what an update frame is. */
interface Wire {
  newRoom(writerRelayUrl: string): Promise<string>;
  /** The socket, once it is in the room and will hear the next update. */
  join(relayUrl: string, room: string, onFrame: (frame: Buffer) => void): Promise<WebSocket>;
  updateFrame(room: string, update: Uint8Array): Uint8Array;
  isUpdate(frame: Buffer): boolean;
}

const wsUrl = (relayUrl: string) => relayUrl.replace(/^http/, 'ws');

/** A join that takes longer has failed (the server never answered): the bench stops with that. */
const JOIN_TIMEOUT_MS = 15_000;

function openSocket(url: string, onFrame: (frame: Buffer) => void, isReady: (frame: Buffer) => boolean, hello: Uint8Array[] = []): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    let ready = false;
    const timer = setTimeout(() => {
      if (ready) return;
      socket.terminate();
      reject(new Error(`${url}: not in the room after ${JOIN_TIMEOUT_MS} ms`));
    }, JOIN_TIMEOUT_MS);
    socket.on('open', () => hello.forEach((frame) => socket.send(frame)));
    socket.on('message', (data: Buffer) => {
      if (!ready && isReady(data)) {
        ready = true;
        clearTimeout(timer);
        resolve(socket);
      }
      onFrame(data);
    });
    socket.on('error', reject);
    socket.on('close', (code) => {
      if (!ready) reject(new Error(`closed with ${code} before joining`));
    });
  });
}

/** Trellis: an alliance registered on relay A; a socket is in the room at its first frame. */
const trellisWire: Wire = {
  async newRoom(relayUrl) {
    const response = await fetch(`${relayUrl}/api/alliances`, { method: 'POST', body: '{}' });
    if (response.status !== 201) throw new Error(`registering a bench alliance: ${response.status} ${await response.text()}`);
    const alliance = (await response.json()) as CreateAllianceResponse;
    return `${alliance.id}?token=${alliance.token}`;
  },
  join: (relayUrl, room, onFrame) => openSocket(`${wsUrl(relayUrl)}/sync/${room}`, onFrame, () => true),
  updateFrame(_room, update) {
    return encoding.encode((encoder) => {
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, 2);
      encoding.writeVarUint8Array(encoder, update);
    });
  },
  isUpdate: (frame) => frame[0] === 0 && frame[1] === 2,
};

/**
 * Hocuspocus: every message starts with the document's name; a client authenticates (an empty
 * token: no onAuthenticate hook) and sends sync step 1; it is in the room once the server's sync
 * answer comes, after the document was loaded and subscribed in Redis.
 */
const hocuspocusWire: Wire = {
  newRoom: async () => `bench-${randomBytes(6).toString('hex')}`,
  join(relayUrl, room, onFrame) {
    const auth = encoding.encode((encoder) => {
      encoding.writeVarString(encoder, room);
      encoding.writeVarUint(encoder, 2); // Auth
      encoding.writeVarUint(encoder, 0); // Token
      encoding.writeVarString(encoder, '');
    });
    const step1 = encoding.encode((encoder) => {
      encoding.writeVarString(encoder, room);
      encoding.writeVarUint(encoder, 0); // Sync
      encoding.writeVarUint(encoder, 0); // step 1
      encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()));
    });
    return openSocket(`${wsUrl(relayUrl)}/`, onFrame, (frame) => hocuspocusType(frame)?.[0] === 0, [auth, step1]);
  },
  updateFrame(room, update) {
    return encoding.encode((encoder) => {
      encoding.writeVarString(encoder, room);
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, 2);
      encoding.writeVarUint8Array(encoder, update);
    });
  },
  isUpdate: (frame) => {
    const type = hocuspocusType(frame);
    return type?.[0] === 0 && type[1] === 2;
  },
};

/** [message type, sync step] of a Hocuspocus frame, past its document name. */
function hocuspocusType(frame: Buffer): [number, number] | null {
  try {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    return [type, type === 0 ? decoding.readVarUint(decoder) : -1];
  } catch {
    return null;
  }
}

/** The stream's updates: update k inserts k as 12 digits. */
function streamUpdates(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('charter');
  for (let k = 0; k < STREAM.updates; k++) text.insert(text.length, String(k).padStart(12, '0'));
  return updates;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * One stream: a writer on `writerUrl`, the readers on `readerUrl` (the same URL for a single relay).
 * `cpuMicros` reads the CPU time of the relays involved.
 */
async function fanOut(wire: Wire, writerUrl: string, readerUrl: string, cpuMicros: () => Promise<number>): Promise<CrossRelayFanOut> {
  const updates = streamUpdates();
  const room = await wire.newRoom(writerUrl);
  const sentAt = new Array<number>(STREAM.updates);
  const latencies: number[] = [];
  const heard = Array.from({ length: STREAM.readers }, () => new Set<number>());
  const readers = await Promise.all(
    heard.map((seen) =>
      wire.join(readerUrl, room, (frame) => {
        if (!wire.isUpdate(frame)) return;
        const now = performance.now();
        for (const match of frame.toString('latin1').matchAll(/\d{12}/g)) {
          const k = Number(match[0]);
          if (k < STREAM.updates && !seen.has(k) && sentAt[k] !== undefined) {
            seen.add(k);
            latencies.push(now - sentAt[k]!);
          }
        }
      }),
    ),
  );
  const writer = await wire.join(writerUrl, room, () => {});
  const frames = updates.map((update) => wire.updateFrame(room.split('?')[0]!, update));
  const before = await cpuMicros();
  const period = 1000 / STREAM.perSecond;
  const started = performance.now();
  for (let k = 0; k < STREAM.updates; k++) {
    const due = started + k * period;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sentAt[k] = performance.now();
    writer.send(frames[k]!);
  }
  const deadline = Date.now() + 30_000;
  while (heard.some((seen) => seen.size < STREAM.updates) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  const after = await cpuMicros();
  for (const socket of [writer, ...readers]) socket.terminate();
  latencies.sort((a, b) => a - b);
  const delivered = heard.reduce((sum, seen) => sum + seen.size, 0);
  const relayCpuMs = (after - before) / 1000;
  return {
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    relayCpuMs,
    cpuPerDeliveryMicros: (relayCpuMs * 1000) / Math.max(1, delivered),
    delivered,
    missed: STREAM.readers * STREAM.updates - delivered,
  };
}

/** A relay's CPU time from its /metrics (process_cpu_seconds_total), in microseconds. */
async function trellisCpuMicros(relayUrl: string): Promise<number> {
  const text = await (await fetch(`${relayUrl}${ROUTES.metrics}`)).text();
  const line = /^process_cpu_seconds_total (\S+)$/m.exec(text);
  if (!line) throw new Error(`${relayUrl}${ROUTES.metrics} has no process_cpu_seconds_total`);
  return Number(line[1]) * 1e6;
}

/**
 * The cross-relay fan-out on a Trellis cluster: writer on `relayAUrl`, 50 readers on `relayBUrl`
 * (http://host:port of each), after one unmeasured stream in another room to warm both relays.
 * The relays must serve alliances registered on either one (one PostgreSQL) and carry updates
 * through Redis. Pass one URL twice for the single relay.
 */
export async function measureTrellisCrossRelayFanOut(relayAUrl: string, relayBUrl: string): Promise<CrossRelayFanOut> {
  const cpu = async () => (await trellisCpuMicros(relayAUrl)) + (relayAUrl === relayBUrl ? 0 : await trellisCpuMicros(relayBUrl));
  await fanOut(trellisWire, relayAUrl, relayBUrl, cpu);
  return fanOut(trellisWire, relayAUrl, relayBUrl, cpu);
}

/** One Hocuspocus instance (hocuspocusChild.ts) on the given Redis. */
class HocuspocusProcess {
  private pending: Array<(micros: number) => void> = [];
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'usage') this.pending.shift()?.(message.cpuMicros);
    });
  }

  static async start(redisPort: number, prefix: string): Promise<HocuspocusProcess> {
    const child = fork(join(import.meta.dirname, 'hocuspocusChild.ts'), [String(redisPort), prefix], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message: ChildMessage) => {
        if (message.type === 'ready') resolve(message.port);
      });
      child.once('exit', (code) => reject(new Error(`hocuspocus exited with ${code}`)));
    });
    return new HocuspocusProcess(child, `http://127.0.0.1:${port}`);
  }

  cpuMicros(): Promise<number> {
    return new Promise((resolve) => {
      this.pending.push(resolve);
      const request: ChildRequest = { type: 'usage', gc: false };
      this.child.send(request);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}

async function measureHocuspocus(redis: PrivateRedis, cross: boolean): Promise<CrossRelayFanOut> {
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const a = await HocuspocusProcess.start(redis.port, prefix);
  const b = cross ? await HocuspocusProcess.start(redis.port, prefix) : a;
  try {
    const cpu = async () => (await a.cpuMicros()) + (cross ? await b.cpuMicros() : 0);
    await fanOut(hocuspocusWire, a.url, b.url, cpu);
    return await fanOut(hocuspocusWire, a.url, b.url, cpu);
  } finally {
    await a.stop();
    if (cross) await b.stop();
  }
}

async function measureTrellisSingle(): Promise<CrossRelayFanOut> {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-bench-cross-'));
  const relay = await RelayProcess.start('trellis', dir);
  try {
    return await measureTrellisCrossRelayFanOut(relay.url, relay.url);
  } finally {
    await relay.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Two relays of a cluster (PostgreSQL store, Redis between them), as `npm start` runs them: writer on A, readers on B. */
async function measureTrellisCluster(pg: PrivatePostgres, redis: PrivateRedis): Promise<CrossRelayFanOut> {
  const dirs = [0, 1].map((i) => mkdtempSync(join(tmpdir(), `trellis-bench-cluster-${i}-`)));
  const env = { DATABASE_URL: pg.url, REDIS_URL: redis.url, REDIS_PREFIX: 'trellis-bench:' };
  const relays = dirs.map((dir, i) => new ClusterRelay(`bench relay ${i}`, env, dir));
  try {
    await Promise.all(relays.map((relay) => relay.start()));
    return await measureTrellisCrossRelayFanOut(relays[0]!.url, relays[1]!.url);
  } finally {
    await Promise.all(relays.map((relay) => relay.stop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export default async function crossRelayBench(): Promise<string> {
  const [redis, pg] = await Promise.all([PrivateRedis.create(), PrivatePostgres.create()]);
  const runs = {
    hocuspocusCross: [] as CrossRelayFanOut[],
    hocuspocusSingle: [] as CrossRelayFanOut[],
    trellisSingle: [] as CrossRelayFanOut[],
    trellisCluster: [] as CrossRelayFanOut[],
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      process.stdout.write(`cross-relay round ${round + 1}/${ROUNDS}: hocuspocus A→B…`);
      runs.hocuspocusCross.push(await measureHocuspocus(redis, true));
      process.stdout.write(' hocuspocus single…');
      runs.hocuspocusSingle.push(await measureHocuspocus(redis, false));
      process.stdout.write(' trellis single…');
      runs.trellisSingle.push(await measureTrellisSingle());
      process.stdout.write(' trellis cluster A→B…\n');
      runs.trellisCluster.push(await measureTrellisCluster(pg, redis));
    }
  } finally {
    await Promise.all([redis.remove(), pg.remove()]);
  }
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const row = (name: string, results: CrossRelayFanOut[]): string[] => [
    name,
    ms(median(results.map((r) => r.p50Ms))),
    ms(median(results.map((r) => r.p99Ms))),
    ms(median(results.map((r) => r.relayCpuMs))),
    `${median(results.map((r) => r.cpuPerDeliveryMicros)).toFixed(2)} µs`,
    String(Math.max(...results.map((r) => r.missed))),
  ];
  const table = markdownTable(
    ['relays (writer on A, 50 readers on B; 200/s, 2,000 updates)', 'p50', 'p99', 'relay CPU (A + B)', 'CPU per delivered message', 'missed (all rounds)'],
    [
      row('Hocuspocus 3 + extension-redis, A → B (two instances, one Redis)', runs.hocuspocusCross),
      row('Hocuspocus 3 + extension-redis, one instance (A = B)', runs.hocuspocusSingle),
      row('Trellis, one relay (A = B)', runs.trellisSingle),
      row('Trellis cluster, A → B (two relays, PostgreSQL store, one Redis)', runs.trellisCluster),
    ],
  );
  const report = `### Cross-relay fan-out (medians of ${ROUNDS} rounds; each stream after one unmeasured warm-up stream)\n\n${table}`;
  process.stdout.write('\n' + report + '\n');
  return report;
}
