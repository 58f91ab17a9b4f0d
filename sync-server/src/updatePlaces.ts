import * as Y from 'yjs';

/**
 * Where an update writes, resolved against the room's document: for each struct it adds and each
 * range it deletes, the path from a root (`['decisions', id, 'votes', partnerId]`) and what lands
 * there. Authority is decided on these paths, never on bytes: Yjs's own threat model warns that
 * filtering update bytes is no security boundary, because an item's place is often implied (by
 * the neighbour it was typed after, by a parent created earlier in the same update, by a range in
 * the delete set) rather than written.
 *
 * The resolution mirrors Yjs's own integration (`Item.getMissing` and `Item.integrate`, yjs 13.6):
 * - an item with an origin or right origin takes its parent and key from its left neighbour, else
 *   from its right one; a garbage-collected neighbour makes it garbage itself (nothing visible);
 * - an item with an explicit parent names a root, or the id of an item whose content is a type
 *   (in the document or earlier in this update); a removed or collected parent makes it garbage;
 * - a delete range removes the live items it covers in the document; items of this same update
 *   that it deletes never become visible.
 * Each type's path is found once and cached: a type never moves once integrated.
 *
 * It runs only on an update that `updateReadiness` found ready, so every id it needs is in the
 * document or in the update itself.
 */

/** A path segment for "inside a sequence" (array entry, text, XML child): positions are not places. */
export const IN_SEQUENCE = '[]';

/** What an inserted item holds, as far as authority rules need it. */
export type WrittenContent =
  | { kind: 'json'; values: readonly unknown[] }
  /** A nested type; `map`: a Y.Map (a record's shape), else a sequence or text, whose keyed entries readers never see. */
  | { kind: 'type'; map: boolean }
  | { kind: 'text' }
  | { kind: 'other' };

export type PlaceChange =
  /**
   * Content added at a map key (`path` ends with the key) or inside a sequence (`path` ends with IN_SEQUENCE).
   * `deleted`: the update's own delete set removes all of it, so it never becomes visible.
   */
  | { op: 'insert'; path: readonly string[]; content: WrittenContent; deleted: boolean }
  /** A live item removed: a map key's value (`path` ends with the key) or content inside a sequence. */
  | { op: 'delete'; path: readonly string[]; content: WrittenContent };

export type PlaceResolution = { ok: true; changes: PlaceChange[] } | { ok: false; reason: string };

type DecodedItem = Y.Item;

/** Where a parent ends up: a type already in the document, an item of this update, or nothing (garbage). */
type ResolvedParent = { path: readonly string[] } | null;

const MAX_CHAIN = 10_000;

/** How the document's roots are read: the relay's document only sees them through updates. */
export type RootKinds = Readonly<Record<string, 'map' | 'array' | 'xml'>>;

type DeleteRanges = { clients: Map<number, Array<{ clock: number; len: number }>> };

/** `undefined`: the place cannot be resolved (refuse); `null`: nothing visible is written there. */
type TypePath = readonly string[] | null | undefined;

export class PlaceResolver {
  private readonly typePaths = new WeakMap<Y.AbstractType<unknown>, TypePath>();

  /**
   * The declared roots are opened with their types first: a root that only arrived in updates is a
   * bare type whose keys cannot be listed. An undeclared root stays bare; the caller refuses writes to it.
   */
  constructor(
    private readonly doc: Y.Doc,
    roots: RootKinds,
  ) {
    for (const [name, kind] of Object.entries(roots)) {
      if (kind === 'map') doc.getMap(name);
      else if (kind === 'array') doc.getArray(name);
      else doc.getXmlFragment(name);
    }
  }

  /** The places an update (already ready to integrate) writes and deletes. */
  resolve(update: Uint8Array): PlaceResolution {
    let decoded: { structs: Array<Y.Item | Y.GC | Y.Skip>; ds: DeleteRanges };
    try {
      decoded = Y.decodeUpdate(update) as unknown as { structs: Array<Y.Item | Y.GC | Y.Skip>; ds: DeleteRanges };
    } catch {
      return { ok: false, reason: 'the update cannot be decoded' };
    }
    const store = this.doc.store;
    const own = new UpdateItems(decoded.structs);
    const memo = new Map<DecodedItem, ResolvedParent>();
    const changes: PlaceChange[] = [];
    const ownDeletes = new DeleteRangeIndex(decoded.ds);
    for (const struct of decoded.structs) {
      if (!(struct instanceof Y.Item)) continue;
      // Clocks the document already holds are skipped by Yjs: only what is new can write.
      if (struct.id.clock + struct.length <= Y.getState(store, struct.id.client)) continue;
      const placed = this.placeOf(struct, own, memo, 0);
      if (placed === undefined) return { ok: false, reason: 'an item refers to a place the document does not hold' };
      if (placed === null) continue;
      // Only the clocks the document lacks are new (Yjs skips the rest).
      const from = Math.max(0, Y.getState(store, struct.id.client) - struct.id.clock);
      changes.push({ op: 'insert', path: placed.path, content: contentOf(struct, from, struct.length), deleted: ownDeletes.covers(struct.id.client, struct.id.clock + from, struct.id.clock + struct.length) });
    }
    for (const [client, ranges] of decoded.ds.clients) {
      const structs = store.clients.get(client);
      for (const range of ranges) {
        if (structs === undefined) continue;
        const end = range.clock + range.len;
        const stored = Math.min(end, Y.getState(store, client));
        if (range.clock >= stored) continue;
        for (let index = Y.findIndexSS(structs, range.clock); index < structs.length; index++) {
          const struct = structs[index]!;
          if (struct.id.clock >= stored) break;
          if (!(struct instanceof Y.Item) || struct.deleted) continue;
          const path = this.itemPath(struct);
          if (path === undefined) return { ok: false, reason: 'a deletion refers to a place the document does not hold' };
          if (path === null) continue;
          // The document merges neighbouring items: only the part inside the range is removed.
          const from = Math.max(range.clock, struct.id.clock) - struct.id.clock;
          const to = Math.min(stored, struct.id.clock + struct.length) - struct.id.clock;
          changes.push({ op: 'delete', path, content: contentOf(struct, from, to) });
        }
      }
    }
    return { ok: true, changes };
  }

  /**
   * The path an item of the update is written at: `undefined` when it cannot be resolved (the
   * update is then refused), `null` when Yjs would integrate it as garbage (it changes nothing).
   */
  private placeOf(item: DecodedItem, own: UpdateItems, memo: Map<DecodedItem, ResolvedParent>, depth: number): ResolvedParent | undefined {
    if (memo.has(item)) return memo.get(item);
    if (depth > MAX_CHAIN) return undefined;
    const store = this.doc.store;
    const left = item.origin ? this.find(item.origin, own) : null;
    const right = item.rightOrigin ? this.find(item.rightOrigin, own) : null;
    if (left === undefined || right === undefined) return undefined;
    let result: ResolvedParent | undefined;
    if (left instanceof Y.GC || right instanceof Y.GC) {
      result = null;
    } else if (item.parent === null) {
      const neighbour = left ?? right;
      if (neighbour === null) {
        result = null;
      } else if (isStored(neighbour, store)) {
        result = this.siblingPlace(neighbour);
      } else {
        result = this.placeOf(neighbour, own, memo, depth + 1);
      }
    } else if (typeof item.parent === 'string') {
      result = { path: [item.parent, keyOf(item)] };
    } else if (item.parent instanceof Y.ID) {
      const parent = this.find(item.parent, own);
      if (parent === undefined || parent === null) {
        result = undefined;
      } else if (parent instanceof Y.GC || parent.content instanceof Y.ContentDeleted) {
        // A removed type (its content collected): what is written inside it is garbage.
        result = null;
      } else if (!(parent.content instanceof Y.ContentType)) {
        // Yjs would drop it too; only a forged update names a value as a parent.
        result = undefined;
      } else if (isStored(parent, store)) {
        const parentPath = this.itemPath(parent);
        result = parentPath == null ? parentPath : { path: [...parentPath, keyOf(item)] };
      } else {
        const placed = this.placeOf(parent, own, memo, depth + 1);
        result = placed == null ? placed : { path: [...placed.path, keyOf(item)] };
      }
    } else {
      result = undefined;
    }
    if (result !== undefined) memo.set(item, result);
    return result;
  }

  /** An item placed by a neighbour shares the neighbour's parent and key. */
  private siblingPlace(neighbour: Y.Item): ResolvedParent | undefined {
    const path = this.itemPath(neighbour);
    return path == null ? path : { path };
  }

  /** The path of an item integrated in the document: its parent type's path and its key. */
  private itemPath(item: Y.Item): TypePath {
    // An item integrated without a parent was collected: it is garbage.
    if (!(item.parent instanceof Y.AbstractType)) return null;
    const parentPath = this.typePath(item.parent);
    if (parentPath == null) return parentPath;
    return [...parentPath, keyOf(item)];
  }

  /**
   * A type's path from its root. A root is named in `doc.share`; any other type is found among its
   * parent's entries. A type no longer among them was removed, and what is written inside it is
   * integrated as deleted (nothing visible): `null`.
   */
  private typePath(type: Y.AbstractType<unknown>): TypePath {
    if (this.typePaths.has(type)) return this.typePaths.get(type);
    let path: TypePath = undefined;
    const parent = type.parent;
    if (parent === null) {
      for (const [name, root] of this.doc.share) {
        if (root === type) path = [name];
      }
    } else {
      const parentPath = this.typePath(parent);
      if (parentPath == null) {
        path = parentPath;
      } else {
        const key = keyInParent(parent, type);
        path = key == null ? key : [...parentPath, key];
      }
    }
    // Only settled answers are kept: a type found nowhere yet may still be found later.
    if (path !== undefined) this.typePaths.set(type, path);
    return path;
  }

  /** The struct holding `id`: in the document when its clock is there, else in this update. */
  private find(id: Y.ID, own: UpdateItems): Y.Item | Y.GC | null | undefined {
    const store = this.doc.store;
    if (id.clock < Y.getState(store, id.client)) return Y.getItem(store, id) as Y.Item | Y.GC;
    return own.find(id);
  }
}

/**
 * A child type's key in its parent. In a map, a type that is no longer among its entries was
 * overwritten or removed (Yjs deletes a key's older values), or never was a key's value: what is
 * written inside it is integrated as deleted, `null`. Inside a sequence, positions are not places.
 * Inside a bare type (an undeclared root), nothing can be listed: `undefined`.
 */
function keyInParent(parent: Y.AbstractType<unknown>, child: Y.AbstractType<unknown>): string | null | undefined {
  if (parent instanceof Y.Map) {
    for (const [key, value] of parent.entries()) if (value === child) return key;
    return null;
  }
  if (parent instanceof Y.Array || parent instanceof Y.XmlFragment || parent instanceof Y.XmlText) return IN_SEQUENCE;
  return undefined;
}

function keyOf(item: Y.Item): string {
  return item.parentSub ?? IN_SEQUENCE;
}

function isStored(item: Y.Item, store: Y.Doc['store']): boolean {
  return item.id.clock < Y.getState(store, item.id.client);
}

/** What the clocks `[from, to)` of an item hold (JSON values are one per clock). */
function contentOf(item: Y.Item, from: number, to: number): WrittenContent {
  const content = item.content;
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) return { kind: 'json', values: content.getContent().slice(from, to) };
  if (content instanceof Y.ContentType) return { kind: 'type', map: content.type instanceof Y.Map };
  if (content instanceof Y.ContentString || content instanceof Y.ContentFormat || content instanceof Y.ContentEmbed) return { kind: 'text' };
  return { kind: 'other' };
}

/** The update's delete ranges by client, sorted once, to ask whether a range of clocks is wholly deleted. */
class DeleteRangeIndex {
  /** Per client, disjoint `[from, to)` intervals in order (a forged update may send overlapping ranges). */
  private readonly byClient = new Map<number, Array<[number, number]>>();

  constructor(ds: DeleteRanges) {
    for (const [client, ranges] of ds.clients) {
      const merged: Array<[number, number]> = [];
      for (const { clock, len } of [...ranges].sort((a, b) => a.clock - b.clock)) {
        const last = merged[merged.length - 1];
        if (last && clock <= last[1]) last[1] = Math.max(last[1], clock + len);
        else merged.push([clock, clock + len]);
      }
      this.byClient.set(client, merged);
    }
  }

  /** Whether every clock in `[from, to)` of `client` is deleted. */
  covers(client: number, from: number, to: number): boolean {
    const intervals = this.byClient.get(client);
    if (!intervals) return false;
    let low = 0;
    let high = intervals.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const [start, end] = intervals[mid]!;
      if (from < start) high = mid - 1;
      else if (from >= end) low = mid + 1;
      else return to <= end;
    }
    return false;
  }
}

/** This update's structs by client, in clock order, for ids that the document does not hold yet. */
class UpdateItems {
  private readonly byClient = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();

  constructor(structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>) {
    for (const struct of structs) {
      const list = this.byClient.get(struct.id.client);
      if (list) list.push(struct);
      else this.byClient.set(struct.id.client, [struct]);
    }
  }

  find(id: Y.ID): Y.Item | Y.GC | undefined {
    const list = this.byClient.get(id.client);
    if (!list) return undefined;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const struct = list[mid]!;
      if (id.clock < struct.id.clock) high = mid - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
      else return struct instanceof Y.Skip ? undefined : struct;
    }
    return undefined;
  }
}
