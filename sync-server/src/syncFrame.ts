import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MESSAGE_TYPES, SYNC_STEPS } from '@trellis/shared';
import { checkStateVector } from './updateFormat.ts';

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

function atEnd(decoder: decoding.Decoder): boolean {
  return decoder.pos === decoder.arr.length;
}

/** Decodes a frame's envelope; the update inside a sync frame is checked separately. Never throws. */
export function decodeFrame(bytes: Uint8Array): FrameDecoding {
  const decoder = decoding.createDecoder(bytes);
  try {
    const messageType = decoding.readVarUint(decoder);
    switch (messageType) {
      case MESSAGE_TYPES.sync: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (!atEnd(decoder)) return { ok: false, reason: 'bytes after the sync message' };
        if (step === SYNC_STEPS.step1) {
          const check = checkStateVector(payload);
          if (!check.ok) return check;
          return { ok: true, frame: { kind: 'syncStep1', stateVector: payload } };
        }
        if (step === SYNC_STEPS.step2) return { ok: true, frame: { kind: 'syncStep2', update: payload } };
        if (step === SYNC_STEPS.update) return { ok: true, frame: { kind: 'update', update: payload } };
        return { ok: false, reason: `unknown sync step ${step}` };
      }
      case MESSAGE_TYPES.awareness: {
        const update = decoding.readVarUint8Array(decoder);
        if (!atEnd(decoder)) return { ok: false, reason: 'bytes after the awareness message' };
        return { ok: true, frame: { kind: 'awareness', update } };
      }
      case MESSAGE_TYPES.queryAwareness:
        return { ok: true, frame: { kind: 'queryAwareness' } };
      case MESSAGE_TYPES.auth:
        return { ok: true, frame: { kind: 'auth' } };
      default:
        return { ok: true, frame: { kind: 'unknown', messageType } };
    }
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'undecodable' };
  }
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

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
