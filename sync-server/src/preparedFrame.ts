import type { Socket } from 'node:net';
import WebSocket from 'ws';

/**
 * A message relayed to every socket of a room, framed once. ws frames each send anew (two option
 * objects, a header buffer, a corked two-buffer write): on the fan-out bench (50 readers) that was
 * a large share of the relay's CPU (reports/bench.md, notes), paid again for every reader. A prepared frame is one buffer written
 * to each socket's TCP stream as it is.
 */
export interface PreparedFrame {
  /** The message itself, for a socket that must go through ws. */
  readonly message: Buffer;
  /** The whole unmasked, final, binary WebSocket frame (RFC 6455 §5.2): header, then the message. */
  readonly wire: Buffer;
}

const FINAL_BINARY = 0x82;

export function prepareFrame(message: Buffer): PreparedFrame {
  const length = message.byteLength;
  const headerLength = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const wire = Buffer.allocUnsafe(headerLength + length);
  wire[0] = FINAL_BINARY;
  if (headerLength === 2) wire[1] = length;
  else if (headerLength === 4) {
    wire[1] = 126;
    wire.writeUInt16BE(length, 2);
  } else {
    wire[1] = 127;
    wire.writeBigUInt64BE(BigInt(length), 2);
  }
  message.copy(wire, headerLength);
  return { message, wire };
}

/**
 * The parts of a ws socket that say whether a frame may be written past it (ws 8: `_sender` holds
 * frames back while it compresses or reads a Blob, in `_queue`, otherwise it writes at once; and
 * `_firstFragment` is false in the middle of a fragmented message).
 */
interface WsInternals {
  _socket?: Socket;
  _sender?: { _state?: unknown; _queue?: unknown[]; _firstFragment?: unknown };
}

const SENDER_IDLE = 0;

/**
 * The socket's TCP stream when writing to it keeps the order of frames: ws is writing nothing of
 * its own later. Null when ws holds frames back or is not the version this was written against;
 * the caller then sends through ws.
 */
export function directStream(socket: WebSocket): Socket | null {
  const internals = socket as unknown as WsInternals;
  const sender = internals._sender;
  if (
    sender === undefined ||
    sender._state !== SENDER_IDLE ||
    sender._firstFragment !== true ||
    !Array.isArray(sender._queue) ||
    sender._queue.length > 0
  ) {
    return null;
  }
  const stream = internals._socket;
  return stream !== undefined && stream.writable ? stream : null;
}

/** Sends a prepared frame to an open socket; a socket that is closing or closed gets nothing. */
export function sendPrepared(socket: WebSocket, frame: PreparedFrame): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  const stream = directStream(socket);
  if (stream) stream.write(frame.wire);
  else socket.send(frame.message);
}
