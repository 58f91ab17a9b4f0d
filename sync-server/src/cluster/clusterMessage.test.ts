import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { type ClusterMessage, decodeClusterMessage, encodeClusterMessage } from './clusterMessage.ts';

const ALLIANCE = 'AAAAAAAAAAAAAAAAAAAAAA';
const MAX = 1024;
const messages: ClusterMessage[] = [
  { kind: 'update', originRelayId: 'relay-A', allianceId: ALLIANCE, seq: 2 ** 40, payload: Uint8Array.of(1, 2, 3), publishedAt: 1_764_000_000_123.5 },
  { kind: 'presence', originRelayId: 'r', allianceId: ALLIANCE, payload: new Uint8Array(MAX), publishedAt: 0 },
  { kind: 'revoked', originRelayId: 'relay_B', allianceId: ALLIANCE, linkId: 'link-1_x', publishedAt: 5 },
  { kind: 'presenceQuery', originRelayId: 'relay_C', allianceId: ALLIANCE, publishedAt: 6 },
];

/** The same layout as the encoder, with every field open to a wrong value. */
function raw(fields: { format?: number; kind?: number; origin?: string; alliance?: string; seq?: number; at?: number; payload?: Uint8Array; trailing?: number[] }): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, fields.format ?? 1);
  encoding.writeUint8(encoder, fields.kind ?? 0);
  encoding.writeVarString(encoder, fields.origin ?? 'relay');
  encoding.writeVarString(encoder, fields.alliance ?? ALLIANCE);
  encoding.writeVarUint(encoder, fields.seq ?? 1);
  encoding.writeFloat64(encoder, fields.at ?? 1);
  encoding.writeVarUint8Array(encoder, fields.payload ?? Uint8Array.of(9));
  for (const byte of fields.trailing ?? []) encoding.writeUint8(encoder, byte);
  return encoding.toUint8Array(encoder);
}

describe('cluster messages', () => {
  it('read back as written, each kind', () => {
    for (const message of messages) expect(decodeClusterMessage(encodeClusterMessage(message), MAX)).toEqual(message);
    expect(decodeClusterMessage(raw({}), MAX)).toEqual({ kind: 'update', originRelayId: 'relay', allianceId: ALLIANCE, seq: 1, payload: Uint8Array.of(9), publishedAt: 1 });
  });

  it('a message cut short anywhere is refused', () => {
    for (const message of messages) {
      const bytes = encodeClusterMessage(message);
      for (let length = 0; length < bytes.length; length++) expect(decodeClusterMessage(bytes.subarray(0, length), MAX)).toBeNull();
    }
  });

  it('each malformed field is refused', () => {
    const cases: Array<[string, Uint8Array]> = [
      ['unknown format', raw({ format: 2 })],
      ['unknown kind', raw({ kind: 4 })],
      ['presence query with a payload', raw({ kind: 3, seq: 0 })],
      ['relay id too long', raw({ origin: 'r'.repeat(65) })],
      ['relay id not base64url', raw({ origin: 'relay 1' })],
      ['empty relay id', raw({ origin: '' })],
      ['alliance id of the wrong form', raw({ alliance: 'A'.repeat(21) + '!' })],
      ['update numbered 0', raw({ seq: 0 })],
      ['presence with a number', raw({ kind: 1, seq: 4 })],
      ['seq past 2^53', raw({ seq: 2 ** 53 })],
      ['publishedAt not a number', raw({ at: NaN })],
      ['publishedAt before 1970', raw({ at: -1 })],
      ['payload over the bound', raw({ payload: new Uint8Array(MAX + 1) })],
      ['bytes after the payload', raw({ trailing: [0] })],
      ['revoked without a link id', raw({ kind: 2, seq: 0, payload: new Uint8Array() })],
      ['revoked link id not base64url', raw({ kind: 2, seq: 0, payload: encoding.encode((e) => encoding.writeVarString(e, 'a/b')) })],
      ['relay id not UTF-8', (() => {
        const bytes = raw({ origin: 'ab' });
        bytes[3] = 0xff;
        return bytes;
      })()],
    ];
    for (const [what, bytes] of cases) expect(decodeClusterMessage(bytes, MAX), what).toBeNull();
  });

  it('random bytes never throw', () => {
    let state = 42;
    const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) & 0xff;
    const valid = encodeClusterMessage(messages[0]!);
    for (let round = 0; round < 5_000; round++) {
      // Half from scratch, half a valid message with a few bytes changed.
      const bytes = round % 2 === 0 ? Uint8Array.from({ length: next() % 64 }, next) : Uint8Array.from(valid);
      if (round % 2 === 1) for (let k = 0; k < 3; k++) bytes[next() % bytes.length] = next();
      expect(() => decodeClusterMessage(bytes, MAX)).not.toThrow();
    }
  });
});
