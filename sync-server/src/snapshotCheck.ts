/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types its roots as AbstractType<any> */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { errorMessage } from './log.ts';

/**
 * Compaction replaces an alliance's log with one snapshot, so a snapshot that does not read back as
 * the live document would change the alliance for good (a NaN clock once re-encoded as 0 and
 * deleted real text after a restart). A snapshot is therefore read back before it is written, and
 * must give the same state vector, the same delete set and the same content.
 *
 * Content is compared as a digest of what every root holds (its list items, its map entries, nested
 * types recursively, element names), read through Yjs's public snapshot readers, which work on a
 * document whose roots were never typed (the relay never types them). The walk keeps its own queue:
 * a link holder can nest types as deep as it likes.
 *
 * Those readers list a text character by character (seconds for tens of megabytes of text:
 * reports/bench.md, notes), so content is compared for snapshots up to `CONTENT_CHECK_MAX_BYTES`; a
 * larger document is checked by state vector and delete set, which is where every difference the
 * fuzz and the probe found showed.
 */

/** An alliance is far smaller; a text of this size is read in a fraction of a second. */
export const CONTENT_CHECK_MAX_BYTES = 1024 * 1024;

export type SnapshotCheck = { ok: true } | { ok: false; reason: string };

export function checkSnapshot(live: Y.Doc, snapshot: Uint8Array): SnapshotCheck {
  const readBack = new Y.Doc();
  try {
    Y.applyUpdate(readBack, snapshot);
  } catch (error) {
    return { ok: false, reason: `the snapshot does not read back: ${errorMessage(error)}` };
  }
  try {
    const liveState = Y.snapshot(live);
    const readState = Y.snapshot(readBack);
    if (!sameStateVector(liveState, readState)) return { ok: false, reason: 'state vectors differ' };
    if (!Y.equalSnapshots(liveState, readState)) return { ok: false, reason: 'delete sets differ' };
    if (snapshot.byteLength <= CONTENT_CHECK_MAX_BYTES && contentDigest(live, liveState) !== contentDigest(readBack, readState)) {
      return { ok: false, reason: 'content differs' };
    }
    return { ok: true };
  } finally {
    readBack.destroy();
  }
}

function sameStateVector(a: Y.Snapshot, b: Y.Snapshot): boolean {
  if (a.sv.size !== b.sv.size) return false;
  for (const [client, clock] of a.sv) if (b.sv.get(client) !== clock) return false;
  return true;
}

/**
 * A digest of every root's visible content; roots that hold nothing are left out (a GC'd root has
 * no name in a snapshot). Types are read breadth first, each nested type named by its place in
 * that order, and runs of text are hashed whole, so a large text costs one pass and no object per
 * character.
 */
export function contentDigest(doc: Y.Doc, at: Y.Snapshot = Y.snapshot(doc)): string {
  const roots = [...doc.share.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256');
  for (const [name, root] of roots) {
    const rootHash = createHash('sha256');
    if (digestType(root, at, rootHash)) hash.update(`${JSON.stringify(name)}:${rootHash.digest('hex')};`);
  }
  return hash.digest('hex');
}

/** Feeds `root` and every type nested in it to `hash`; false when the root holds nothing at all. */
function digestType(root: Y.AbstractType<any>, at: Y.Snapshot, hash: Hash): boolean {
  const queue: Y.AbstractType<any>[] = [root];
  let held = false;
  for (let q = 0; q < queue.length; q++) {
    const type = queue[q]!;
    const list = Y.typeListToArraySnapshot(type, at);
    const entries = Object.entries(Y.typeMapGetAllSnapshot(type, at)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (q === 0 && list.length === 0 && entries.length === 0) return false;
    held = true;
    hash.update(`<${type instanceof Y.XmlElement ? type.nodeName : ''}[`);
    for (let i = 0; i < list.length; ) {
      if (typeof list[i] === 'string') {
        let end = i + 1;
        while (end < list.length && typeof list[end] === 'string') end++;
        hash.update(`s${JSON.stringify(list.slice(i, end).join(''))},`);
        i = end;
      } else {
        hash.update(valueToken(list[i], queue));
        hash.update(',');
        i++;
      }
    }
    hash.update(']{');
    for (const [key, value] of entries) hash.update(`${JSON.stringify(key)}=${valueToken(value, queue)},`);
    hash.update('}>');
  }
  return held;
}

type Hash = ReturnType<typeof createHash>;

/** A value as text; a nested type is queued and named by its place in the walk. */
function valueToken(value: unknown, queue: Y.AbstractType<any>[]): string {
  if (value instanceof Y.AbstractType) {
    queue.push(value);
    return `type#${queue.length - 1}`;
  }
  if (value instanceof Y.Doc) return `doc:${JSON.stringify(value.guid)}`;
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('base64')}`;
  if (typeof value === 'bigint') return `bigint:${value}`;
  if (value === undefined) return 'undefined';
  return `v${JSON.stringify(value, jsonSafe)}`;
}

/** `any` content may hold a bigint inside an object, which JSON.stringify refuses. */
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `bigint:${value}` : value;
}
