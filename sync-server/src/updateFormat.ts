import type * as decoding from 'lib0/decoding';
import {
  Malformed,
  decodeWhole,
  readByte,
  readBytes,
  readCount,
  readInt,
  readString,
  skipString,
  readUint,
  remaining,
  skipBytes,
} from './wireDecoding.ts';

/**
 * A strict reader of the Yjs v1 update format (structs, then the delete set), run before an update
 * reaches a Y.Doc. Yjs's own readers trust their input: a count read from the wire sizes an array,
 * trailing bytes are ignored (so v2 bytes, yjs issue #687, read as an empty v1 update), content refs
 * index a table, and varints past 2^53 read as Infinity or NaN. This walk bounds every count by the
 * bytes left and every number by 2^53 − 1, knows every content kind, parses embedded JSON, and
 * insists the update ends exactly where its last field does.
 *
 * It also returns the update's outline: each struct's id range and the ids it depends on, and the
 * delete set. With it the room decides, before Yjs sees the update, whether every struct and
 * deletion can be integrated now (see `updateReadiness.ts`).
 */

/** Nesting deeper than this in an `any` value is refused (Yjs itself would overflow the stack). */
export const MAX_ANY_DEPTH = 200;

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

/** One struct: the clocks `[clock, clock + length)` of its client. */
export interface StructOutline {
  clock: number;
  length: number;
  /** A skip marks clocks the update does not carry (merged updates write them). */
  kind: 'item' | 'gc' | 'skip';
  /** Ids of other clients' structs it needs first, as client, clock pairs (origin, right origin, parent). */
  needs: number[];
  /** Set for an item that creates a subdocument. */
  subdocument: boolean;
}

export interface ClientOutline {
  client: number;
  structs: StructOutline[];
}

export interface DeleteRange {
  client: number;
  clock: number;
  length: number;
}

export interface UpdateOutline {
  clients: ClientOutline[];
  deletes: DeleteRange[];
  /** Structs over all clients. */
  structCount: number;
  /** Deletion ranges over all clients. */
  deleteCount: number;
}

export type FormatCheck = { ok: true } | { ok: false; reason: string };
export type OutlineReading = { ok: true; outline: UpdateOutline } | { ok: false; reason: string };

function readJsonString(decoder: decoding.Decoder): void {
  JSON.parse(readString(decoder));
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
      readInt(decoder);
      return tag;
    case 124: // float32
      skipBytes(decoder, 4);
      return tag;
    case 123: // float64
    case 122: // bigint64
      skipBytes(decoder, 8);
      return tag;
    case 119: // string
      skipString(decoder);
      return tag;
    case 118: {
      // object: key, value pairs
      const length = readCount(decoder, 2);
      for (let i = 0; i < length; i++) {
        skipString(decoder);
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
      readBytes(decoder);
      return tag;
    default:
      throw new Malformed(`unknown value tag ${tag}`);
  }
}

/** Reads one item's content; returns its length in clocks (Yjs's `content.getLength()`). */
function readContent(decoder: decoding.Decoder, ref: number): number {
  switch (ref) {
    case CONTENT.deleted:
      return readUint(decoder);
    case CONTENT.json: {
      const length = readCount(decoder, 1);
      for (let i = 0; i < length; i++) {
        const text = readString(decoder);
        if (text !== 'undefined') JSON.parse(text);
      }
      return length;
    }
    case CONTENT.binary:
      readBytes(decoder);
      return 1;
    case CONTENT.string:
      // Yjs counts a string in UTF-16 code units.
      return skipString(decoder);
    case CONTENT.embed:
      readJsonString(decoder);
      return 1;
    case CONTENT.format:
      skipString(decoder);
      readJsonString(decoder);
      return 1;
    case CONTENT.type: {
      const typeRef = readUint(decoder);
      if (typeRef > MAX_TYPE_REF) throw new Malformed(`unknown type ref ${typeRef}`);
      if (TYPE_REFS_WITH_KEY.has(typeRef)) skipString(decoder);
      return 1;
    }
    case CONTENT.any: {
      const length = readCount(decoder, 1);
      for (let i = 0; i < length; i++) skipAny(decoder, 0);
      return length;
    }
    case CONTENT.doc: {
      skipString(decoder);
      // Yjs writes a subdocument's options as an object and reads fields off it.
      if (skipAny(decoder, 0) !== 118) throw new Malformed('subdocument options are not an object');
      return 1;
    }
    default:
      throw new Malformed(`unknown content ref ${ref}`);
  }
}

/**
 * An id this struct needs. One of its own client must come before it (Yjs resolves those by order
 * and would look up a later clock as if it existed); another client's is a dependency.
 */
function need(needs: number[] | null, client: number, clock: number, ownClient: number, ownClock: number): void {
  if (client === ownClient) {
    if (clock >= ownClock) throw new Malformed('a struct refers to a later clock of its own client');
    return;
  }
  needs?.push(client, clock);
}

/** `collect` false only checks: nothing is allocated per struct (a stored document on load). */
function readStructs(decoder: decoding.Decoder, outline: UpdateOutline, maxStructs: number, collect: boolean): void {
  // Each client section takes at least three bytes: struct count, client, clock.
  const clientCount = readCount(decoder, 3);
  const seen = new Set<number>();
  for (let c = 0; c < clientCount; c++) {
    const structCount = readCount(decoder, 1);
    if (outline.structCount + structCount > maxStructs) throw new Malformed(`more than ${maxStructs} structs in one update`);
    const client = readUint(decoder);
    // Yjs keeps one section per client and would silently drop the first of two.
    if (seen.has(client)) throw new Malformed('a client appears twice in the update');
    seen.add(client);
    let clock = readUint(decoder);
    const structs: StructOutline[] = [];
    for (let s = 0; s < structCount; s++) {
      const info = readByte(decoder);
      const ref = info & BITS5;
      const start = clock;
      let length: number;
      let kind: StructOutline['kind'] = 'item';
      const needs: number[] | null = collect ? [] : null;
      if (ref === CONTENT.gc || ref === CONTENT.skip) {
        length = readUint(decoder);
        kind = ref === CONTENT.gc ? 'gc' : 'skip';
      } else {
        if ((info & BIT8) !== 0) need(needs, readUint(decoder), readUint(decoder), client, start);
        if ((info & BIT7) !== 0) need(needs, readUint(decoder), readUint(decoder), client, start);
        if ((info & (BIT7 | BIT8)) === 0) {
          if (readUint(decoder) === 1) skipString(decoder); // root type name
          else need(needs, readUint(decoder), readUint(decoder), client, start);
          if ((info & BIT6) !== 0) skipString(decoder); // key in a map
        }
        length = readContent(decoder, ref);
      }
      // Yjs never writes an empty struct; its lookups assume every struct covers a clock.
      if (length === 0) throw new Malformed('a struct of length 0');
      clock = start + length;
      if (clock > Number.MAX_SAFE_INTEGER) throw new Malformed('clock beyond 2^53 - 1');
      if (needs) structs.push({ clock: start, length, kind, needs, subdocument: ref === CONTENT.doc });
    }
    if (collect) outline.clients.push({ client, structs });
    outline.structCount += structCount;
  }
}

function readDeleteSet(decoder: decoding.Decoder, outline: UpdateOutline, maxStructs: number, collect: boolean): void {
  const clientCount = readCount(decoder, 2);
  for (let c = 0; c < clientCount; c++) {
    const client = readUint(decoder);
    const rangeCount = readCount(decoder, 2);
    // Deletions cost memory in the outline and work in Yjs like structs: they share the cap.
    if (outline.structCount + outline.deleteCount + rangeCount > maxStructs) {
      throw new Malformed(`more than ${maxStructs} structs and deletions in one update`);
    }
    for (let r = 0; r < rangeCount; r++) {
      const clock = readUint(decoder);
      const length = readUint(decoder);
      if (length === 0) throw new Malformed('a deletion of length 0');
      if (clock + length > Number.MAX_SAFE_INTEGER) throw new Malformed('deletion beyond 2^53 - 1');
      outline.deleteCount += 1;
      if (collect) outline.deletes.push({ client, clock, length });
    }
  }
}

/**
 * The outline of `update` if it is one well-formed Yjs v1 update and nothing more, of at most
 * `maxStructs` structs (checked before they are read: the outline and Yjs's objects cost memory per
 * struct, and a struct can take two bytes). Never throws.
 */
export function readUpdateOutline(update: Uint8Array, maxStructs = Number.MAX_SAFE_INTEGER): OutlineReading {
  return walkUpdate(update, maxStructs, true);
}

/** Whether `update` is one well-formed Yjs v1 update and nothing more, building no outline. Never throws. */
export function checkUpdateV1(update: Uint8Array): FormatCheck {
  const read = walkUpdate(update, Number.MAX_SAFE_INTEGER, false);
  return read.ok ? { ok: true } : read;
}

function walkUpdate(update: Uint8Array, maxStructs: number, collect: boolean): OutlineReading {
  const read = decodeWhole(
    update,
    (decoder) => {
      const outline: UpdateOutline = { clients: [], deletes: [], structCount: 0, deleteCount: 0 };
      readStructs(decoder, outline, maxStructs, collect);
      readDeleteSet(decoder, outline, maxStructs, collect);
      return outline;
    },
    'update',
  );
  return read.ok ? { ok: true, outline: read.value } : read;
}

/** Whether `stateVector` is one well-formed v1 state vector (client, clock pairs) and nothing more. */
export function checkStateVector(stateVector: Uint8Array): FormatCheck {
  const read = decodeWhole(
    stateVector,
    (decoder) => {
      const entries = readCount(decoder, 2);
      for (let i = 0; i < entries; i++) {
        readUint(decoder);
        readUint(decoder);
      }
      return remaining(decoder);
    },
    'state vector',
  );
  return read.ok ? { ok: true } : read;
}
