import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { Connection } from './connection.ts';
import { relayLimits } from './limits.ts';
import { RelayMetrics } from './metrics.ts';
import { encodePresenceUpdate } from './presence.ts';
import { MERGE_LIMIT_BYTES, SocketFanOut } from './socketFanOut.ts';
import { decodeFrame, type SyncFrame } from './syncFrame.ts';

const MARKER = new Uint8Array([0xff, 0x7f]);

/** A relay-side connection and the stock ws client at its other end, which records what it receives. */
interface Pair {
  connection: Connection;
  received: Uint8Array[];
  client: WebSocket;
}

let server: WebSocketServer | null = null;
const clients: WebSocket[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function pairs(count: number, metrics = new RelayMetrics()): Promise<Pair[]> {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const out: Pair[] = [];
  for (let i = 0; i < count; i++) {
    const accepted = once(server, 'connection') as Promise<[WebSocket]>;
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    clients.push(client);
    const received: Uint8Array[] = [];
    client.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
    await once(client, 'open');
    const [socket] = await accepted;
    const connection = new Connection(socket, 'AAAAAAAAAAAAAAAAAAAAAA', '127.0.0.1', relayLimits(), metrics, () => {});
    connection.state = 'open';
    out.push({ connection, received, client });
  }
  return out;
}

/** What a client received before the marker, sent after everything under test (a socket keeps order). */
async function receivedBeforeMarker(pair: Pair): Promise<SyncFrame[]> {
  pair.connection.send(MARKER);
  while (!pair.received.some((message) => message.length === 2 && message[0] === 0xff)) await once(pair.client, 'message');
  const upTo = pair.received.findIndex((message) => message.length === 2 && message[0] === 0xff);
  return pair.received.slice(0, upTo).map((message) => {
    const decoded = decodeFrame(message);
    if (!decoded.ok) throw new Error(decoded.reason);
    return decoded.frame;
  });
}

function edits(count: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) doc.getText('charter').insert(i, String(i));
  return { doc, updates };
}

function textOf(frames: SyncFrame[]): string {
  const doc = new Y.Doc();
  for (const frame of frames) if (frame.kind === 'update') Y.applyUpdate(doc, frame.update);
  return doc.getText('charter').toString();
}

describe('SocketFanOut', () => {
  it('FANOUT-2 sends the updates of one turn as one merged sync update to each socket, never back to its writer', async () => {
    const [writer, readerA, readerB] = await pairs(3);
    const fanOut = new SocketFanOut(new Set([writer!.connection, readerA!.connection, readerB!.connection]));
    const { updates } = edits(3);
    for (const update of updates) fanOut.update(update, writer!.connection);
    await new Promise((resolve) => setImmediate(resolve));

    for (const reader of [readerA!, readerB!]) {
      const frames = await receivedBeforeMarker(reader);
      expect(frames.map((frame) => frame.kind)).toEqual(['update']);
      expect(textOf(frames)).toBe('012');
    }
    expect(await receivedBeforeMarker(writer!)).toEqual([]);
  });

  it('FANOUT-2 FANOUT-3 gives each writer of a turn the others\' updates, and keeps later turns after earlier ones', async () => {
    const [a, b, reader] = await pairs(3);
    const fanOut = new SocketFanOut(new Set([a!.connection, b!.connection, reader!.connection]));
    const ofA = edits(1).updates[0]!;
    const other = new Y.Doc();
    other.getText('charter').insert(0, 'b');
    const ofB = Y.encodeStateAsUpdate(other);
    fanOut.update(ofA, a!.connection);
    fanOut.update(ofB, b!.connection);
    await new Promise((resolve) => setImmediate(resolve));
    const later = edits(2).updates[1]!;
    fanOut.update(later, a!.connection);
    await new Promise((resolve) => setImmediate(resolve));

    const toA = await receivedBeforeMarker(a!);
    expect(toA.length).toBe(1);
    expect(textOf(toA)).toBe('b');
    const toB = await receivedBeforeMarker(b!);
    expect(toB.length).toBe(2);
    expect(textOf(toB.slice(0, 1))).toBe('0');
    const toReader = await receivedBeforeMarker(reader!);
    expect(toReader.length).toBe(2);
    expect(['0b', 'b0']).toContain(textOf(toReader.slice(0, 1)));
  });

  it('FANOUT-4 skips sockets closed before the turn ends, and sends each open socket one message', async () => {
    const metrics = new RelayMetrics();
    const [writer, open, closing] = await pairs(3, metrics);
    const fanOut = new SocketFanOut(new Set([writer!.connection, open!.connection, closing!.connection]));
    fanOut.update(edits(1).updates[0]!, writer!.connection);
    closing!.connection.close(1000, 'leaving');
    const before = metrics.messagesOut;
    await new Promise((resolve) => setImmediate(resolve));
    expect(metrics.messagesOut - before).toBe(1);
    expect(closing!.received).toEqual([]);
    expect((await receivedBeforeMarker(open!)).length).toBe(1);
  });

  it('FANOUT-5 sends a turn\'s presence changes as one awareness update holding each client\'s last change, to everyone', async () => {
    const [sender, reader] = await pairs(2);
    const presenceSent: Connection[] = [];
    const fanOut = new SocketFanOut(new Set([sender!.connection, reader!.connection]), (to) => presenceSent.push(to));
    fanOut.presenceChange(encodePresenceUpdate([{ clientId: 7, clock: 1, stateJson: '{"n":1}' }]));
    fanOut.presenceChange(encodePresenceUpdate([{ clientId: 8, clock: 1, stateJson: '{"n":8}' }]));
    fanOut.presenceChange(encodePresenceUpdate([{ clientId: 7, clock: 2, stateJson: 'null' }]));
    await new Promise((resolve) => setImmediate(resolve));

    for (const pair of [sender!, reader!]) {
      const frames = await receivedBeforeMarker(pair);
      expect(frames.map((frame) => frame.kind)).toEqual(['awareness']);
      const update = (frames[0] as { update: Uint8Array }).update;
      expect(update).toEqual(encodePresenceUpdate([
        { clientId: 8, clock: 1, stateJson: '{"n":8}' },
        { clientId: 7, clock: 2, stateJson: 'null' },
      ]));
    }
    expect(presenceSent).toEqual([sender!.connection, reader!.connection]);
  });

  it('FANOUT-7 merges no more than MERGE_LIMIT_BYTES of updates into one message, in order', async () => {
    const [writer, reader] = await pairs(2);
    const fanOut = new SocketFanOut(new Set([writer!.connection, reader!.connection]));
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    // Five updates of a little over a quarter of the limit each: two messages, of three and of two.
    for (let i = 0; i < 5; i++) doc.getText('charter').insert(doc.getText('charter').length, String(i).repeat(MERGE_LIMIT_BYTES / 4));
    for (const update of updates) fanOut.update(update, writer!.connection);
    await new Promise((resolve) => setImmediate(resolve));

    const frames = await receivedBeforeMarker(reader!);
    expect(frames.map((frame) => frame.kind)).toEqual(['update', 'update']);
    expect(textOf(frames.slice(0, 1))).toBe(['0', '1', '2'].map((c) => c.repeat(MERGE_LIMIT_BYTES / 4)).join(''));
    expect(textOf(frames)).toBe(doc.getText('charter').toString());
  });
});
