import * as Y from 'yjs';
import { compareText } from '../method/order.ts';
import { DocumentError } from './documentError.ts';
import { readPatch, readStored, type Spec } from './fields.ts';

/**
 * A root of records kept as a Y.Map of Y.Maps: one Y.Map per record, so that concurrent edits of
 * different fields of one record merge instead of one overwriting the other.
 */
export class RecordCollection<F extends object> {
  constructor(
    private readonly map: Y.Map<unknown>,
    private readonly spec: Spec<F>,
    private readonly defaults: F,
    private readonly what: string,
  ) {}

  has(id: string): boolean {
    return this.map.get(id) instanceof Y.Map;
  }

  get(id: string): (F & { id: string }) | null {
    const record = this.map.get(id);
    return record instanceof Y.Map ? this.read(id, record) : null;
  }

  /** Every record, read tolerantly: a malformed field falls back to its default, a non-record is skipped. */
  list(): (F & { id: string })[] {
    const out: (F & { id: string })[] = [];
    for (const [id, record] of this.map.entries()) {
      if (record instanceof Y.Map) out.push(this.read(id, record));
    }
    return out.sort((a, b) => compareText(a.id, b.id));
  }

  /** Adds a validated record; call inside a transaction. */
  insert(id: string, fields: F): F & { id: string } {
    const record = new Y.Map<unknown>();
    for (const key of Object.keys(this.spec) as (keyof F & string)[]) record.set(key, fields[key]);
    this.map.set(id, record);
    return { id, ...fields };
  }

  /** Applies the allowed fields of an untrusted patch, each validated. */
  update(id: string, patch: unknown, allowed: readonly (keyof F & string)[]): Partial<F> {
    const record = this.require(id);
    const changes = readPatch(patch, this.spec, allowed);
    for (const key of Object.keys(changes) as (keyof F & string)[]) {
      if (record.get(key) !== changes[key]) record.set(key, changes[key]);
    }
    return changes;
  }

  /** Writes trusted, already-validated fields. */
  set<K extends keyof F & string>(id: string, key: K, value: F[K]): void {
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

  private read(id: string, record: Y.Map<unknown>): F & { id: string } {
    const out = { id } as F & { id: string };
    for (const key of Object.keys(this.spec) as (keyof F & string)[]) {
      out[key] = readStored(record.get(key), this.spec[key], this.defaults[key]) as (F & { id: string })[typeof key];
    }
    return out;
  }
}

/** An append-only log kept as a Y.Array of plain entries; malformed entries are skipped on read. */
export class RecordLog<T extends object> {
  constructor(
    private readonly array: Y.Array<unknown>,
    private readonly spec: Spec<T>,
  ) {}

  append(entry: T): T {
    this.array.push([entry]);
    return entry;
  }

  list(): T[] {
    const out: T[] = [];
    for (const raw of this.array.toArray()) {
      if (typeof raw !== 'object' || raw === null) continue;
      try {
        const entry = {} as T;
        for (const key of Object.keys(this.spec) as (keyof T & string)[]) {
          entry[key] = this.spec[key]((raw as Record<string, unknown>)[key], key);
        }
        out.push(entry);
      } catch {
        // A malformed entry from another peer is left out rather than breaking the whole log.
      }
    }
    return out;
  }
}
