/**
 * What relays of one cluster tell each other through Redis, as bytes: an update stored under its
 * per-alliance sequence number, a presence message, or a revoked link. Decoding is bounded and
 * total: bytes from Redis are input like any other, and a malformed message is refused (null), never
 * thrown.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { isAllianceId } from '@trellis/shared';

export type ClusterMessage =
  | { kind: 'update'; originRelayId: string; allianceId: string; seq: number; payload: Uint8Array; publishedAt: number }
  | { kind: 'presence'; originRelayId: string; allianceId: string; payload: Uint8Array; publishedAt: number }
  | { kind: 'revoked'; originRelayId: string; allianceId: string; linkId: string; publishedAt: number }
  /** A relay opened the alliance's room: every relay holding it publishes its people's presence. */
  | { kind: 'presenceQuery'; originRelayId: string; allianceId: string; publishedAt: number };

export type ClusterMessageKind = ClusterMessage['kind'];

const FORMAT = 1;
const KINDS: readonly ClusterMessageKind[] = ['update', 'presence', 'revoked', 'presenceQuery'];
/** Relay and link ids: short base64url (a relay id is made by `newRelayId`, a link id by the store). */
const SHORT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isShortId(value: string): boolean {
  return SHORT_ID.test(value);
}

export function encodeClusterMessage(message: ClusterMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, FORMAT);
  encoding.writeUint8(encoder, KINDS.indexOf(message.kind));
  encoding.writeVarString(encoder, message.originRelayId);
  encoding.writeVarString(encoder, message.allianceId);
  encoding.writeVarUint(encoder, message.kind === 'update' ? message.seq : 0);
  encoding.writeFloat64(encoder, message.publishedAt);
  const payload =
    message.kind === 'revoked'
      ? encoding.encode((e) => encoding.writeVarString(e, message.linkId))
      : message.kind === 'presenceQuery'
        ? new Uint8Array()
        : message.payload;
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** The message in `bytes`, or null when they are not one well-formed message of at most `maxPayloadBytes` of payload. */
export function decodeClusterMessage(bytes: Uint8Array, maxPayloadBytes: number): ClusterMessage | null {
  try {
    return decode(bytes, maxPayloadBytes);
  } catch {
    // lib0 throws on a varint past 53 bits or a read past the end: malformed all the same.
    return null;
  }
}

function decode(bytes: Uint8Array, maxPayloadBytes: number): ClusterMessage | null {
  const decoder = decoding.createDecoder(bytes);
  if (bytes.length < 2 || decoding.readUint8(decoder) !== FORMAT) return null;
  const kind = KINDS[decoding.readUint8(decoder)];
  if (kind === undefined) return null;
  const originRelayId = readBoundedString(decoder, 64);
  const allianceId = readBoundedString(decoder, 22);
  if (originRelayId === null || !isShortId(originRelayId) || allianceId === null || !isAllianceId(allianceId)) return null;
  const seq = decoding.readVarUint(decoder);
  if (!Number.isSafeInteger(seq) || (kind === 'update' ? seq < 1 : seq !== 0)) return null;
  if (remaining(decoder) < 8) return null;
  const publishedAt = decoding.readFloat64(decoder);
  if (!Number.isFinite(publishedAt) || publishedAt < 0) return null;
  const length = decoding.readVarUint(decoder);
  if (length > maxPayloadBytes || length !== remaining(decoder)) return null;
  const payload = decoding.readUint8Array(decoder, length);
  if (kind === 'update') return { kind, originRelayId, allianceId, seq, payload, publishedAt };
  if (kind === 'presence') return { kind, originRelayId, allianceId, payload, publishedAt };
  if (kind === 'presenceQuery') return length === 0 ? { kind, originRelayId, allianceId, publishedAt } : null;
  const inner = decoding.createDecoder(payload);
  const linkId = readBoundedString(inner, 64);
  if (linkId === null || !isShortId(linkId) || remaining(inner) !== 0) return null;
  return { kind, originRelayId, allianceId, linkId, publishedAt };
}

function remaining(decoder: decoding.Decoder): number {
  return decoder.arr.length - decoder.pos;
}

/** A length-prefixed UTF-8 string of at most `maxBytes`, checked before it is read. */
function readBoundedString(decoder: decoding.Decoder, maxBytes: number): string | null {
  const length = decoding.readVarUint(decoder);
  if (length > maxBytes || length > remaining(decoder)) return null;
  return new TextDecoder('utf-8', { fatal: true }).decode(decoding.readUint8Array(decoder, length));
}
