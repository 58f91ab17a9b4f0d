import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { decodeFrame, encodeAwarenessFrame, encodeSyncFrame } from './syncFrame.ts';

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe('decodeFrame', () => {
  it('FRAME-1 reads the frames y-protocols writes', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x');
    const step1 = frame((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, doc);
    });
    const decoded = decodeFrame(step1);
    expect(decoded.ok && decoded.frame.kind).toBe('syncStep1');
    const update = encodeSyncFrame(2, Y.encodeStateAsUpdate(doc));
    const decodedUpdate = decodeFrame(update);
    expect(decodedUpdate).toEqual({ ok: true, frame: { kind: 'update', update: Y.encodeStateAsUpdate(doc) } });
    expect(decodeFrame(Uint8Array.of(3))).toEqual({ ok: true, frame: { kind: 'queryAwareness' } });
    expect(decodeFrame(Uint8Array.of(2, 0))).toEqual({ ok: true, frame: { kind: 'auth' } });
    expect(decodeFrame(Uint8Array.of(9, 1, 2))).toEqual({ ok: true, frame: { kind: 'unknown', messageType: 9 } });
  });

  it('FRAME-2 decodes overlong varints as the numbers they encode (no byte matching)', () => {
    // Message type 0 and sync step 2 written with redundant continuation bytes.
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    const overlong = Uint8Array.of(0x80, 0x00, 0x82, 0x80, 0x00, update.length, ...update);
    expect(decodeFrame(overlong)).toEqual({ ok: true, frame: { kind: 'update', update } });
  });

  it('FRAME-3 refuses empty frames, truncations, gigabyte length prefixes, trailing bytes, unknown sync steps', () => {
    expect(decodeFrame(new Uint8Array()).ok).toBe(false);
    expect(decodeFrame(Uint8Array.of(0)).ok).toBe(false);
    expect(decodeFrame(Uint8Array.of(0, 2)).ok).toBe(false);
    expect(decodeFrame(Uint8Array.of(0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3)).ok).toBe(false);
    expect(decodeFrame(Uint8Array.of(0, 2, 2, 0, 0, 9)).ok).toBe(false);
    expect(decodeFrame(Uint8Array.of(0, 7, 2, 0, 0)).ok).toBe(false);
    expect(decodeFrame(Uint8Array.of(1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)).ok).toBe(false);
    // A state vector that does not decode.
    expect(decodeFrame(Uint8Array.of(0, 0, 2, 5, 1)).ok).toBe(false);
  });
});

describe('encodeSyncFrame and encodeAwarenessFrame', () => {
  it('write the bytes lib0 writes, at every varint length of the payload', () => {
    for (const length of [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152]) {
      const payload = new Uint8Array(length).map((_, i) => i * 7);
      for (const step of [0, 1, 2]) {
        const expected = frame((e) => {
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint(e, step);
          encoding.writeVarUint8Array(e, payload);
        });
        expect(Buffer.compare(encodeSyncFrame(step, payload), expected)).toBe(0);
      }
      const awareness = frame((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint8Array(e, payload);
      });
      expect(Buffer.compare(encodeAwarenessFrame(payload), awareness)).toBe(0);
    }
  });
});
