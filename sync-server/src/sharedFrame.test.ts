import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { SharedFrame, sendShared } from './sharedFrame.ts';

let server: WebSocketServer | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A real ws server and client pair; resolves with the server side once both are open. */
async function pair(): Promise<{ serverSide: WebSocket; client: WebSocket; received: Buffer[] }> {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
  const connected = new Promise<WebSocket>((resolve) => server!.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, { perMessageDeflate: false });
  const received: Buffer[] = [];
  client.on('message', (data: Buffer, isBinary) => {
    expect(isBinary).toBe(true);
    received.push(data);
  });
  await new Promise<void>((resolve) => client.once('open', () => resolve()));
  return { serverSide: await connected, client, received };
}

function bytes(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);
}

describe('SharedFrame', () => {
  it('a frame framed once arrives byte for byte at every length boundary, in order with ws.send', async () => {
    const { serverSide, client, received } = await pair();
    // 7-bit, 16-bit and 64-bit lengths and their edges.
    const lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];
    const sent: Uint8Array[] = [];
    lengths.forEach((length, i) => {
      const payload = bytes(length, i);
      sendShared(serverSide, new SharedFrame(payload));
      sent.push(payload);
      // Interleaved with the ordinary path: the order on the wire must be the order of the calls.
      const plain = bytes(3, 100 + i);
      serverSide.send(plain);
      sent.push(plain);
    });
    const deadline = Date.now() + 5_000;
    while (received.length < sent.length && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(received.map((data) => [...data])).toEqual(sent.map((payload) => [...payload]));
    client.close();
  });

  it('one frame written to many sockets reaches each of them', async () => {
    const first = await pair();
    const firstServer = server;
    server = null;
    const second = await pair();
    const frame = new SharedFrame(bytes(300, 7));
    sendShared(first.serverSide, frame);
    sendShared(second.serverSide, frame);
    const deadline = Date.now() + 5_000;
    while ((first.received.length < 1 || second.received.length < 1) && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect([...first.received[0]!]).toEqual([...frame.payload]);
    expect([...second.received[0]!]).toEqual([...frame.payload]);
    first.client.close();
    second.client.close();
    await new Promise<void>((resolve) => firstServer!.close(() => resolve()));
  });

  it('a closing socket is not written to', async () => {
    const { serverSide, client, received } = await pair();
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
    serverSide.close(1000, 'bye');
    sendShared(serverSide, new SharedFrame(bytes(10, 1)));
    expect(await closed).toBe(1000);
    expect(received).toEqual([]);
  });
});
