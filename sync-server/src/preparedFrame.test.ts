import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer, type ServerOptions } from 'ws';
import { directStream, prepareFrame, sendPrepared } from './preparedFrame.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real ws server and a stock ws client connected to it; `received` collects the client's messages. */
async function connectedPair(options: Partial<ServerOptions> = {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, ...options });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, {
    perMessageDeflate: options.perMessageDeflate !== undefined && options.perMessageDeflate !== false,
  });
  cleanups.push(async () => client.close());
  const received: Buffer[] = [];
  const waiters: Array<() => void> = [];
  client.on('message', (data: Buffer, isBinary) => {
    expect(isBinary).toBe(true);
    received.push(data);
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
  const socket = await accepted;
  const receivedCount = async (n: number) => {
    const deadline = Date.now() + 5_000;
    while (received.length < n) {
      if (Date.now() > deadline) throw new Error(`received ${received.length} of ${n} messages`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  return { socket, client, received, receivedCount };
}

function message(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

describe('prepared frames', () => {
  it('PREP-1 a stock client reads each prepared frame as the message, at every header size, written past ws', async () => {
    const { socket, received, receivedCount } = await connectedPair();
    // Every send through ws is counted: the prepared frames must not use it.
    let throughWs = 0;
    const send = socket.send.bind(socket);
    socket.send = ((...args: Parameters<WebSocket['send']>) => {
      throughWs += 1;
      send(...args);
    }) as WebSocket['send'];
    const lengths = [0, 1, 125, 126, 65_535, 65_536, 300_000];
    const messages = lengths.map((length, i) => message(length, i));
    // The shortest header that holds the length, as RFC 6455 requires.
    expect(messages.map((m) => prepareFrame(m).wire.byteLength - m.byteLength)).toEqual([2, 2, 2, 4, 4, 10, 10]);
    for (const m of messages) {
      expect(directStream(socket)).not.toBeNull();
      sendPrepared(socket, prepareFrame(m));
    }
    await receivedCount(messages.length);
    expect(received.map((m) => m.byteLength)).toEqual(lengths);
    received.forEach((m, i) => expect(m.equals(messages[i]!)).toBe(true));
    expect(throughWs).toBe(0);
  });

  it('PREP-2 keeps the order of frames ws is still holding back (compressing), by going through ws', async () => {
    const { socket, received, receivedCount } = await connectedPair({ perMessageDeflate: { threshold: 0 } });
    // ws compresses asynchronously: until it is done, the frame waits in ws and a direct write would overtake it.
    socket.send(message(50_000, 1));
    expect(directStream(socket)).toBeNull();
    sendPrepared(socket, prepareFrame(message(10, 2)));
    sendPrepared(socket, prepareFrame(message(20, 3)));
    await receivedCount(3);
    expect(received.map((m) => m.byteLength)).toEqual([50_000, 10, 20]);
    expect(received[0]!.equals(message(50_000, 1))).toBe(true);
    expect(received[2]!.equals(message(20, 3))).toBe(true);
  });

  it('PREP-3 writes nothing to a socket that is closing, and does not throw', async () => {
    const { socket, client, received } = await connectedPair();
    const closed = new Promise((resolve) => client.once('close', resolve));
    socket.close(1000, 'bye');
    // Watched on the server's side: a client stops reading at the close frame, so it would not tell.
    const stream = (socket as unknown as { _socket: Socket })._socket;
    const written = stream.bytesWritten;
    let throughWs = 0;
    socket.send = (() => (throughWs += 1)) as unknown as WebSocket['send'];
    expect(() => sendPrepared(socket, prepareFrame(message(10, 4)))).not.toThrow();
    expect(stream.bytesWritten).toBe(written);
    expect(throughWs).toBe(0);
    await closed;
    expect(received).toHaveLength(0);
  });
});
