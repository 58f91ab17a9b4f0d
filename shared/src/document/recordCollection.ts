import * as Y from 'yjs';
import { compareText } from '../method/order.ts';
import { DocumentError } from './documentError.ts';
import { readEntry, readPatch, readStoredFields, type Infer, type Shape, type TolerantShape } from './fields.ts';

/**
 * A root of records kept as a Y.Map of Y.Maps: one Y.Map per record, so that concurrent edits of
 * different fields of one record merge instead of one overwriting the other.
 */
export class RecordCollection<S extends TolerantShape> {
  constructor(
    private readonly map: Y.Map<unknown>,
    private readonly shape: S,
    private readonly what: string,
  ) {}

  has(id: string): boolean {
    return this.map.get(id) instanceof Y.Map;
  }

  get(id: string): (Infer<S> & { id: string }) | null {
    const record = this.map.get(id);
    return record instanceof Y.Map ? this.read(id, record) : null;
  }

  /** Every record, read tolerantly: a malformed field falls back to its default, a non-record is skipped. */
  list(): (Infer<S> & { id: string })[] {
    const out: (Infer<S> & { id: string })[] = [];
    for (const [id, record] of this.map.entries()) {
      if (record instanceof Y.Map) out.push(this.read(id, record));
    }
    return out.sort((a, b) => compareText(a.id, b.id));
  }

  /** Adds a validated record; call inside a transaction. */
  insert(id: string, fields: Infer<S>): Infer<S> & { id: string } {
    const record = new Y.Map<unknown>();
    for (const key of Object.keys(this.shape)) record.set(key, fields[key]);
    this.map.set(id, record);
    return { id, ...fields };
  }

  /** Applies the allowed fields of an untrusted patch, each validated. */
  update<K extends keyof S & string>(id: string, patch: unknown, allowed: readonly K[]): void {
    const record = this.require(id);
    const changes = readPatch(patch, this.shape, allowed) as Record<string, unknown>;
    for (const key of Object.keys(changes)) {
      if (record.get(key) !== changes[key]) record.set(key, changes[key]);
    }
  }

  /** Writes trusted, already-validated fields. */
  set<K extends keyof S & string>(id: string, key: K, value: Infer<S>[K]): void {
    this.require(id).set(key, value);
  }

  remove(id: string): void {
    this.require(id);
    this.map.delete(id);
  }

  /** The record's own Y.Map, for nested types (votes, comments). */
  require(id: string): Y.Map<unknown> {
    const record = this.map.get(id);
    if (!(record instanceof Y.Map)) throw new DocumentError('unknown-record', `No ${this.what} with id ${id}`, 'id');
    return record;
  }

  private read(id: string, record: Y.Map<unknown>): Infer<S> & { id: string } {
    return { id, ...readStoredFields((key) => record.get(key), this.shape) };
  }
}

/** An append-only log kept as a Y.Array of plain entries; malformed entries are skipped on read. */
export class RecordLog<S extends Shape> {
  constructor(
    private readonly array: Y.Array<unknown>,
    private readonly shape: S,
  ) {}

  append(entry: Infer<S>): Infer<S> {
    this.array.push([entry]);
    return entry;
  }

  list(): Infer<S>[] {
    const out: Infer<S>[] = [];
    for (const raw of this.array.toArray()) {
      // A malformed entry from another peer is left out rather than breaking the whole log.
      const entry = readEntry(raw, this.shape);
      if (entry) out.push(entry);
    }
    return out;
  }
}
