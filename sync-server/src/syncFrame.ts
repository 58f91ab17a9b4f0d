import * as encoding from 'lib0/encoding';
import { MESSAGE_TYPES, SYNC_STEPS, type AuthorityRefusal } from '@trellis/shared';
import { checkStateVector } from './updateFormat.ts';
import { decodeWhole, readBytes, readUint } from './wireDecoding.ts';

/**
 * One binary frame of the y-websocket protocol, decoded (never matched by bytes: an overlong varint
 * must read as the number it encodes). Sync and awareness frames must end where their payload ends.
 */
export type SyncFrame =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | { kind: 'syncStep2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' }
  | { kind: 'auth' }
  | { kind: 'unknown'; messageType: number };

export type FrameDecoding = { ok: true; frame: SyncFrame } | { ok: false; reason: string };

/** Decodes a frame's envelope; the update inside a sync frame is checked separately. Never throws. */
export function decodeFrame(bytes: Uint8Array): FrameDecoding {
  const read = decodeWhole(
    bytes,
    (decoder): SyncFrame | string => {
      const messageType = readUint(decoder);
      switch (messageType) {
        case MESSAGE_TYPES.sync: {
          const step = readUint(decoder);
          const payload = readBytes(decoder);
          if (step === SYNC_STEPS.step1) return { kind: 'syncStep1', stateVector: payload };
          if (step === SYNC_STEPS.step2) return { kind: 'syncStep2', update: payload };
          if (step === SYNC_STEPS.update) return { kind: 'update', update: payload };
          return `unknown sync step ${step}`;
        }
        case MESSAGE_TYPES.awareness:
          return { kind: 'awareness', update: readBytes(decoder) };
        case MESSAGE_TYPES.queryAwareness:
          return { kind: 'queryAwareness' };
        case MESSAGE_TYPES.auth:
          decoder.pos = decoder.arr.length; // its body is not ours to read
          return { kind: 'auth' };
        default:
          decoder.pos = decoder.arr.length;
          return { kind: 'unknown', messageType };
      }
    },
    'message',
  );
  if (!read.ok) return read;
  if (typeof read.value === 'string') return { ok: false, reason: read.value };
  const frame = read.value;
  if (frame.kind === 'syncStep1') {
    const check = checkStateVector(frame.stateVector);
    if (!check.ok) return check;
  }
  return { ok: true, frame };
}

/**
 * `[sync, step, payload]`: one buffer, encoded once and sent to every peer. A Node Buffer, because
 * ws wraps any other byte array in a new Buffer on every send, once per socket. Written into one
 * allocation of its exact size (every relayed update passes here).
 */
export function encodeSyncFrame(step: number, payload: Uint8Array): Buffer {
  return framed([MESSAGE_TYPES.sync, step], payload);
}

export function encodeAwarenessFrame(update: Uint8Array): Buffer {
  return framed([MESSAGE_TYPES.awareness], update);
}

/** `headers` (each a varint), then `payload` as a length-prefixed byte array: lib0's encoding, in one buffer. */
function framed(headers: readonly number[], payload: Uint8Array): Buffer {
  let size = varUintSize(payload.byteLength) + payload.byteLength;
  for (const header of headers) size += varUintSize(header);
  // Not from Node's shared pool: a room keeps some frames (its state vector), and a pooled one would keep the whole pool.
  const frame = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const header of headers) at = writeVarUint(frame, at, header);
  at = writeVarUint(frame, at, payload.byteLength);
  frame.set(payload, at);
  return frame;
}

function varUintSize(value: number): number {
  let size = 1;
  while (value > 0x7f) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

/** lib0's `writeVarUint`: seven bits a byte, lowest first, the high bit set on all but the last. */
function writeVarUint(into: Buffer, at: number, value: number): number {
  while (value > 0x7f) {
    into[at++] = 0x80 | (value & 0x7f);
    value = Math.floor(value / 128);
  }
  into[at++] = value;
  return at;
}

/** `[refused, JSON]`: why the relay refused this writer's update, sent just before it closes with 4409. */
export function encodeRefusalFrame(refusal: AuthorityRefusal): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_TYPES.refused);
  encoding.writeVarString(encoder, JSON.stringify(refusal));
  return asBuffer(encoding.toUint8Array(encoder));
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
