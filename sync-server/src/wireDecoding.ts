import * as decoding from 'lib0/decoding';

/**
 * Bounded readers for lib0's varint encoding, for bytes a link holder sent. lib0's own readers trust
 * their input: `0x80` × 150 then `0x01` reads as Infinity and then `0x00` as NaN (the multiplier
 * overflows), and a last byte past 2^53 is returned as an imprecise number. Yjs then writes
 * Infinity forever or re-encodes NaN as 0. Here every varint ends within ten bytes and reads as a
 * safe integer, or the whole message is refused.
 */

export class Malformed extends Error {}

/** Ten groups of seven bits hold any safe integer, even written with redundant zero groups. */
const MAX_VARINT_BYTES = 10;

export function remaining(decoder: decoding.Decoder): number {
  return decoder.arr.length - decoder.pos;
}

/** An unsigned varint that is a safe integer (at most 2^53 − 1). */
export function readUint(decoder: decoding.Decoder): number {
  const { arr } = decoder;
  // Most varints on the wire are one byte.
  const first = arr[decoder.pos];
  if (first !== undefined && first < 0x80) {
    decoder.pos++;
    return first;
  }
  let value = 0;
  let multiplier = 1;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    if (decoder.pos >= arr.length) throw new Malformed('unexpected end');
    const byte = arr[decoder.pos++]!;
    value += (byte & 0x7f) * multiplier;
    if (value > Number.MAX_SAFE_INTEGER) throw new Malformed('number beyond 2^53 - 1');
    if (byte < 0x80) return value;
    multiplier *= 128;
  }
  throw new Malformed('varint longer than ten bytes');
}

/** lib0's signed varint: the first byte carries a sign bit and six bits of value. */
export function readInt(decoder: decoding.Decoder): number {
  const { arr } = decoder;
  if (decoder.pos >= arr.length) throw new Malformed('unexpected end');
  const first = arr[decoder.pos++]!;
  let value = first & 0x3f;
  if (first >= 0x80) {
    let multiplier = 64;
    for (let i = 1; ; i++) {
      if (i >= MAX_VARINT_BYTES) throw new Malformed('varint longer than ten bytes');
      if (decoder.pos >= arr.length) throw new Malformed('unexpected end');
      const byte = arr[decoder.pos++]!;
      value += (byte & 0x7f) * multiplier;
      if (value > Number.MAX_SAFE_INTEGER) throw new Malformed('number beyond 2^53 - 1');
      if (byte < 0x80) break;
      multiplier *= 128;
    }
  }
  return (first & 0x40) !== 0 ? -value : value;
}

/** A count of things that each take at least `minBytes`: more than the bytes left cannot be true. */
export function readCount(decoder: decoding.Decoder, minBytes: number): number {
  const count = readUint(decoder);
  if (count * minBytes > remaining(decoder)) throw new Malformed('count larger than the bytes left');
  return count;
}

export function readByte(decoder: decoding.Decoder): number {
  if (remaining(decoder) < 1) throw new Malformed('unexpected end');
  return decoder.arr[decoder.pos++]!;
}

export function skipBytes(decoder: decoding.Decoder, length: number): void {
  if (remaining(decoder) < length) throw new Malformed('unexpected end');
  decoder.pos += length;
}

/** A length-prefixed byte array, as a view into the message (no copy). */
export function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = readUint(decoder);
  if (length > remaining(decoder)) throw new Malformed('length larger than the bytes left');
  // A plain Uint8Array view even when the frame is a Buffer (whose subarray is a Buffer).
  const bytes = new Uint8Array(decoder.arr.buffer, decoder.arr.byteOffset + decoder.pos, length);
  decoder.pos += length;
  return bytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A length-prefixed UTF-8 string; invalid UTF-8 is refused (lib0 would throw on it too). */
export function readString(decoder: decoding.Decoder): string {
  const bytes = readBytes(decoder);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new Malformed('string is not UTF-8');
  }
}

/**
 * Skips a length-prefixed UTF-8 string, refusing invalid UTF-8 as `readString` does, and returns its
 * length in UTF-16 code units (a JS string's length). ASCII, the usual case, is its own UTF-16 and is
 * neither copied nor decoded: checking a stored document reads tens of thousands of short strings.
 */
export function skipString(decoder: decoding.Decoder): number {
  const length = readUint(decoder);
  const { arr } = decoder;
  const start = decoder.pos;
  const end = start + length;
  if (end > arr.length) throw new Malformed('length larger than the bytes left');
  decoder.pos = end;
  for (let i = start; i < end; i++) {
    if (arr[i]! >= 0x80) {
      try {
        return utf8.decode(arr.subarray(start, end)).length;
      } catch {
        throw new Malformed('string is not UTF-8');
      }
    }
  }
  return length;
}

/** Runs `read` over all of `bytes`, which must end exactly where it stops. Never throws. */
export function decodeWhole<T>(
  bytes: Uint8Array,
  read: (decoder: decoding.Decoder) => T,
  what: string,
): { ok: true; value: T } | { ok: false; reason: string } {
  const decoder = decoding.createDecoder(bytes);
  let value: T;
  try {
    value = read(decoder);
  } catch (error) {
    // A RangeError (a stack overflow) or a SyntaxError (JSON) is this message's fault too.
    return { ok: false, reason: error instanceof Error ? error.message : 'undecodable' };
  }
  if (decoder.pos !== bytes.length) return { ok: false, reason: `bytes after the end of the ${what}` };
  return { ok: true, value };
}
