import * as decoding from 'lib0/decoding';

/**
 * A strict reader of the Yjs v1 update format (structs, then the delete set), run before an update
 * reaches a Y.Doc. Yjs's own readers trust their input: a count read from the wire sizes an array,
 * trailing bytes are ignored (so v2 bytes, yjs issue #687, read as an empty v1 update), and content
 * refs index a table. This walk bounds every count by the bytes left, knows every content kind,
 * parses embedded JSON, and insists the update ends exactly where its last field does.
 * It builds no objects, so it costs less than the decode it guards.
 */

export type FormatCheck = { ok: true } | { ok: false; reason: string };

/** Nesting deeper than this in an `any` value is refused (Yjs itself would overflow the stack). */
const MAX_ANY_DEPTH = 200;

const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;
const BITS5 = 31;

/** Content kinds, the low five bits of an item's info byte (yjs structs/Item.js contentRefs). */
const CONTENT = {
  gc: 0,
  deleted: 1,
  json: 2,
  binary: 3,
  string: 4,
  embed: 5,
  format: 6,
  type: 7,
  any: 8,
  doc: 9,
  skip: 10,
} as const;

/** Type refs (yjs structs/ContentType.js typeRefs): 0..6; XmlElement (3) and XmlHook (5) carry a name. */
const MAX_TYPE_REF = 6;
const TYPE_REFS_WITH_KEY = new Set([3, 5]);

class Malformed extends Error {}

function remaining(decoder: decoding.Decoder): number {
  return decoder.arr.length - decoder.pos;
}

/** A count of things that each take at least `minBytes`: more than the bytes left cannot be true. */
function readCount(decoder: decoding.Decoder, minBytes: number): number {
  const count = decoding.readVarUint(decoder);
  if (count * minBytes > remaining(decoder)) throw new Malformed('count larger than the bytes left');
  return count;
}

function readByte(decoder: decoding.Decoder): number {
  if (remaining(decoder) < 1) throw new Malformed('unexpected end');
  return decoding.readUint8(decoder);
}

function skipBytes(decoder: decoding.Decoder, length: number): void {
  if (remaining(decoder) < length) throw new Malformed('unexpected end');
  decoder.pos += length;
}

function skipJsonString(decoder: decoding.Decoder): void {
  JSON.parse(decoding.readVarString(decoder));
}

/** Skips one lib0 `any` value; returns its tag. */
function skipAny(decoder: decoding.Decoder, depth: number): number {
  if (depth > MAX_ANY_DEPTH) throw new Malformed('value nested too deeply');
  const tag = readByte(decoder);
  switch (tag) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return tag;
    case 125: // varint
      if (remaining(decoder) < 1) throw new Malformed('unexpected end');
      decoding.readVarInt(decoder);
      return tag;
    case 124: // float32
      skipBytes(decoder, 4);
      return tag;
    case 123: // float64
    case 122: // bigint64
      skipBytes(decoder, 8);
      return tag;
    case 119: // string
      decoding.readVarUint8Array(decoder);
      return tag;
    case 118: {
      // object: key, value pairs
      const length = readCount(decoder, 2);
      for (let i = 0; i < length; i++) {
        decoding.readVarUint8Array(decoder);
        skipAny(decoder, depth + 1);
      }
      return tag;
    }
    case 117: {
      const length = readCount(decoder, 1);
      for (let i = 0; i < length; i++) skipAny(decoder, depth + 1);
      return tag;
    }
    case 116: // Uint8Array
      decoding.readVarUint8Array(decoder);
      return tag;
    default:
      throw new Malformed(`unknown value tag ${tag}`);
  }
}

function skipContent(decoder: decoding.Decoder, ref: number): void {
  switch (ref) {
    case CONTENT.deleted:
      decoding.readVarUint(decoder);
      return;
    case CONTENT.json: {
      const length = readCount(decoder, 1);
      for (let i = 0; i < length; i++) {
        const text = decoding.readVarString(decoder);
        if (text !== 'undefined') JSON.parse(text);
      }
      return;
    }
    case CONTENT.binary:
    case CONTENT.string:
      decoding.readVarUint8Array(decoder);
      return;
    case CONTENT.embed:
      skipJsonString(decoder);
      return;
    case CONTENT.format:
      decoding.readVarUint8Array(decoder);
      skipJsonString(decoder);
      return;
    case CONTENT.type: {
      const typeRef = decoding.readVarUint(decoder);
      if (typeRef > MAX_TYPE_REF) throw new Malformed(`unknown type ref ${typeRef}`);
      if (TYPE_REFS_WITH_KEY.has(typeRef)) decoding.readVarUint8Array(decoder);
      return;
    }
    case CONTENT.any: {
      const length = readCount(decoder, 1);
      for (let i = 0; i < length; i++) skipAny(decoder, 0);
      return;
    }
    case CONTENT.doc: {
      decoding.readVarUint8Array(decoder);
      // Yjs writes a subdocument's options as an object and reads fields off it.
      if (skipAny(decoder, 0) !== 118) throw new Malformed('subdocument options are not an object');
      return;
    }
    default:
      throw new Malformed(`unknown content ref ${ref}`);
  }
}

function skipStructs(decoder: decoding.Decoder): void {
  // Each client section takes at least three bytes: struct count, client, clock.
  const clients = readCount(decoder, 3);
  for (let c = 0; c < clients; c++) {
    const structs = readCount(decoder, 1);
    decoding.readVarUint(decoder); // client
    decoding.readVarUint(decoder); // clock
    for (let s = 0; s < structs; s++) {
      const info = readByte(decoder);
      const ref = info & BITS5;
      if (ref === CONTENT.gc || ref === CONTENT.skip) {
        decoding.readVarUint(decoder); // length
        continue;
      }
      if ((info & BIT8) !== 0) {
        decoding.readVarUint(decoder); // origin client
        decoding.readVarUint(decoder); // origin clock
      }
      if ((info & BIT7) !== 0) {
        decoding.readVarUint(decoder); // right origin client
        decoding.readVarUint(decoder); // right origin clock
      }
      if ((info & (BIT7 | BIT8)) === 0) {
        if (decoding.readVarUint(decoder) === 1) {
          decoding.readVarUint8Array(decoder); // root type name
        } else {
          decoding.readVarUint(decoder); // parent client
          decoding.readVarUint(decoder); // parent clock
        }
        if ((info & BIT6) !== 0) decoding.readVarUint8Array(decoder); // key in a map
      }
      skipContent(decoder, ref);
    }
  }
}

function skipDeleteSet(decoder: decoding.Decoder): void {
  const clients = readCount(decoder, 2);
  for (let c = 0; c < clients; c++) {
    decoding.readVarUint(decoder); // client
    const ranges = readCount(decoder, 2);
    for (let r = 0; r < ranges; r++) {
      decoding.readVarUint(decoder); // clock
      decoding.readVarUint(decoder); // length
    }
  }
}

/** Whether `update` is one well-formed Yjs v1 update and nothing more. Never throws. */
export function checkUpdateV1(update: Uint8Array): FormatCheck {
  const decoder = decoding.createDecoder(update);
  try {
    skipStructs(decoder);
    skipDeleteSet(decoder);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'undecodable' };
  }
  if (decoder.pos !== update.length) return { ok: false, reason: 'bytes after the end of the update' };
  return { ok: true };
}

/** Whether `stateVector` is one well-formed v1 state vector (client, clock pairs) and nothing more. */
export function checkStateVector(stateVector: Uint8Array): FormatCheck {
  const decoder = decoding.createDecoder(stateVector);
  try {
    const entries = readCount(decoder, 2);
    for (let i = 0; i < entries; i++) {
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
    }
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'undecodable' };
  }
  if (decoder.pos !== stateVector.length) return { ok: false, reason: 'bytes after the end of the state vector' };
  return { ok: true };
}
