import { DocumentError } from './documentError.ts';

/**
 * Field validators: each takes an unknown value from outside and returns it typed, or throws a DocumentError.
 * The same validators read records back from the document, where a bad value falls back to a default
 * instead of throwing (a peer may run another version, or be hostile).
 */
export type Field<T> = ((value: unknown, field: string) => T) & { readonly bounds?: FieldBounds };

/** What a text or number validator accepts, so that a form can say it in the field's own words and units. */
export interface FieldBounds {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
}

function invalid(field: string, expected: string): never {
  throw new DocumentError('invalid-field', `${field} must be ${expected}`, field);
}

export const text = (max: number, min = 0): Field<string> =>
  Object.assign(
    (value: unknown, field: string) => {
      if (typeof value !== 'string') invalid(field, 'text');
      const trimmed = value.trim();
      if (trimmed.length < min) invalid(field, min === 1 ? 'filled in' : `at least ${min} characters`);
      if (value.length > max) invalid(field, `at most ${max} characters`);
      return min > 0 ? trimmed : value;
    },
    { bounds: { minLength: min, maxLength: max } },
  );

export const oneOf =
  <const T extends string | number>(values: readonly T[]): Field<T> =>
  (value, field) => {
    if (!(values as readonly unknown[]).includes(value)) invalid(field, `one of ${values.join(', ')}`);
    return value as T;
  };

export const number = (min: number, max: number, integer = false): Field<number> =>
  Object.assign(
    (value: unknown, field: string) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) invalid(field, 'a number');
      if (integer && !Number.isInteger(value)) invalid(field, 'a whole number');
      if (value < min || value > max) invalid(field, `between ${min} and ${max}`);
      return value;
    },
    { bounds: { min, max, integer } },
  );

export const boolean: Field<boolean> = (value, field) => {
  if (typeof value !== 'boolean') invalid(field, 'true or false');
  return value;
};

/** Epoch milliseconds, from 1970 to the year 3000. */
export const millis: Field<number> = number(0, 32_503_680_000_000, true);

export const nullable =
  <T>(inner: Field<T>): Field<T | null> =>
  (value, field) =>
    value === null || value === undefined ? null : inner(value, field);

export const color: Field<string> = (value, field) => {
  if (typeof value !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(value)) invalid(field, 'a colour like #1f6feb');
  return value.toLowerCase();
};

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const recordId: Field<string> = (value, field) => {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value) || RESERVED_KEYS.has(value)) invalid(field, 'a record id');
  return value;
};

/**
 * Where a passage of a text starts or ends: a Yjs relative position (`Y.encodeRelativePosition`) in base64, so that it
 * follows its passage through later edits. Only its shape is checked here; decoding it is the reader's (CMT-2).
 */
export const relativePosition: Field<string> = (value, field) => {
  if (typeof value !== 'string' || value.length > 200 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) invalid(field, 'a position in the text');
  return value;
};

export const listOf =
  <T>(inner: Field<T>, max: number): Field<T[]> =>
  (value, field) => {
    if (!Array.isArray(value)) invalid(field, 'a list');
    if (value.length > max) invalid(field, `at most ${max} items`);
    return value.map((item, i) => inner(item, `${field}[${i}]`));
  };

/** A plain object keyed by record id (never `__proto__` and friends). */
export const recordOf =
  <T>(inner: Field<T>, max: number): Field<Record<string, T>> =>
  (value, field) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(field, 'an object');
    const out: Record<string, T> = Object.create(null);
    const keys = Object.keys(value);
    if (keys.length > max) invalid(field, `at most ${max} entries`);
    for (const key of keys) {
      recordId(key, `${field} key`);
      out[key] = inner((value as Record<string, unknown>)[key], `${field}.${key}`);
    }
    return out;
  };

/**
 * One field of a record, declared once: how a value from outside is read (validated), whether an input may
 * leave it out (then it takes its default), and what a missing or malformed stored value reads back as.
 * A record's type is inferred from its declaration (`Infer`), so type, validator and default cannot drift apart.
 */
export interface FieldDecl<T> {
  readonly read: Field<T>;
  readonly optional: boolean;
  readonly fallback?: T;
}
/** A field whose stored value always reads back as something: a malformed one as its fallback. */
export interface TolerantField<T> extends FieldDecl<T> {
  readonly fallback: T;
}

/** A field every input must give; `fallback` is what a malformed stored copy reads as (records kept as Y.Maps). */
export function required<T>(read: Field<T>): FieldDecl<T>;
export function required<T>(read: Field<T>, fallback: NoInfer<T>): TolerantField<T>;
export function required<T>(read: Field<T>, fallback?: T): FieldDecl<T> {
  return fallback === undefined ? { read, optional: false } : { read, optional: false, fallback };
}

/** A field an input may leave out: it then takes `fallback`, which is also what a malformed stored copy reads as. */
export function optional<T>(read: Field<T>, fallback: NoInfer<T>): TolerantField<T> {
  return { read, optional: true, fallback };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a shape holds fields of any type
export type Shape = Record<string, FieldDecl<any>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export type TolerantShape = Record<string, TolerantField<any>>;

/** The plain type a shape declares. */
export type Infer<S extends Shape> = { -readonly [K in keyof S]: S[K] extends FieldDecl<infer T> ? T : never };

const own = (object: object, key: string) =>
  Object.prototype.hasOwnProperty.call(object, key) && (object as Record<string, unknown>)[key] !== undefined;

/** A fresh copy of a fallback, so that no reader can change the declaration's list or object. */
function fresh<T>(value: T): T {
  if (Array.isArray(value)) return [...value] as T;
  if (typeof value === 'object' && value !== null) return { ...value };
  return value;
}

/** The values of a shape's optional fields when an input leaves them all out. */
export function defaultsOf<S extends TolerantShape>(shape: S): Infer<S> {
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(shape)) out[key] = fresh(shape[key]!.fallback);
  return out as Infer<S>;
}

/**
 * Reads the known fields of an input object; unknown fields are ignored, a missing optional field takes
 * `overrides[key]` or its default, a missing required one is refused.
 */
export function readInput<S extends Shape>(input: unknown, shape: S, what: string, overrides: Partial<Infer<S>> = {}): Infer<S> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DocumentError('invalid-field', `${what} must be an object`, what);
  }
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(shape)) {
    const decl = shape[key]!;
    if (own(input, key)) out[key] = decl.read((input as Record<string, unknown>)[key], key);
    else if (Object.prototype.hasOwnProperty.call(overrides, key)) out[key] = (overrides as Record<string, unknown>)[key];
    else if (decl.optional) out[key] = fresh(decl.fallback);
    else throw new DocumentError('missing-field', `${key} is required`, key);
  }
  return out as Infer<S>;
}

/** Reads a partial update: only the fields present and allowed, each validated. */
export function readPatch<S extends Shape, K extends keyof S & string>(patch: unknown, shape: S, allowed: readonly K[]): Partial<Pick<Infer<S>, K>> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new DocumentError('invalid-field', 'changes must be an object', null);
  }
  const out: Record<string, unknown> = {};
  for (const key of allowed) {
    if (own(patch, key)) out[key] = shape[key]!.read((patch as Record<string, unknown>)[key], key);
  }
  return out as Partial<Pick<Infer<S>, K>>;
}

/** Tolerant read of a stored value: the field's fallback when it is missing or malformed. */
export function readStored<T>(value: unknown, decl: TolerantField<T>): T {
  if (value === undefined) return fresh(decl.fallback);
  try {
    // Stryker disable next-line StringLiteral: the field name only goes into the error, which is caught just below
    return decl.read(value, 'stored');
  } catch {
    return fresh(decl.fallback);
  }
}

/** Tolerant read of every field of a stored record (a Y.Map, through `get`). */
export function readStoredFields<S extends TolerantShape>(get: (key: string) => unknown, shape: S): Infer<S> {
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(shape)) out[key] = readStored(get(key), shape[key]!);
  return out as Infer<S>;
}

/** Strict read of a stored entry (a log entry, a vote, a comment): every field valid, or null to skip it. */
export function readEntry<S extends Shape>(raw: unknown, shape: S): Infer<S> | null {
  if (typeof raw !== 'object' || raw === null) return null;
  try {
    const out = {} as Record<string, unknown>;
    for (const key of Object.keys(shape)) out[key] = shape[key]!.read((raw as Record<string, unknown>)[key], key);
    return out as Infer<S>;
  } catch {
    return null;
  }
}
