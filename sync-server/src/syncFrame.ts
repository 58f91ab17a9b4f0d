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
 * ws wraps any other byte array in a new Buffer on every send, once per socket.
 */
export function encodeSyncFrame(step: number, payload: Uint8Array): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_TYPES.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return asBuffer(encoding.toUint8Array(encoder));
}

export function encodeAwarenessFrame(update: Uint8Array): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_TYPES.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return asBuffer(encoding.toUint8Array(encoder));
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
