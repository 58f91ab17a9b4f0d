import { DocumentError } from './documentError.ts';

/**
 * Field validators: each takes an unknown value from outside and returns it typed, or throws a DocumentError.
 * The same validators read records back from the document, where a bad value falls back to a default
 * instead of throwing (a peer may run another version, or be hostile).
 */
export type Field<T> = (value: unknown, field: string) => T;

function invalid(field: string, expected: string): never {
  throw new DocumentError('invalid-field', `${field} must be ${expected}`, field);
}

export const text =
  (max: number, min = 0): Field<string> =>
  (value, field) => {
    if (typeof value !== 'string') invalid(field, 'text');
    const trimmed = value.trim();
    if (trimmed.length < min) invalid(field, min === 1 ? 'filled in' : `at least ${min} characters`);
    if (value.length > max) invalid(field, `at most ${max} characters`);
    return min > 0 ? trimmed : value;
  };

export const oneOf =
  <const T extends string | number>(values: readonly T[]): Field<T> =>
  (value, field) => {
    if (!(values as readonly unknown[]).includes(value)) invalid(field, `one of ${values.join(', ')}`);
    return value as T;
  };

export const number =
  (min: number, max: number, integer = false): Field<number> =>
  (value, field) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) invalid(field, 'a number');
    if (integer && !Number.isInteger(value)) invalid(field, 'a whole number');
    if (value < min || value > max) invalid(field, `between ${min} and ${max}`);
    return value;
  };

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

export type Spec<T> = { [K in keyof T]-?: Field<T[K]> };

/** Reads the known fields of an input object; unknown fields are ignored, missing required ones refused. */
export function readInput<T>(input: unknown, spec: Spec<T>, defaults: Partial<T>, what: string): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DocumentError('invalid-field', `${what} must be an object`, what);
  }
  const out = {} as T;
  for (const key of Object.keys(spec) as (keyof T & string)[]) {
    const has = Object.prototype.hasOwnProperty.call(input, key) && (input as Record<string, unknown>)[key] !== undefined;
    if (has) out[key] = spec[key]((input as Record<string, unknown>)[key], key);
    else if (Object.prototype.hasOwnProperty.call(defaults, key)) out[key] = defaults[key] as T[keyof T & string];
    else throw new DocumentError('missing-field', `${key} is required`, key);
  }
  return out;
}

/** Reads a partial update: only the fields present and known, each validated. */
export function readPatch<T>(patch: unknown, spec: Spec<T>, allowed: readonly (keyof T & string)[]): Partial<T> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new DocumentError('invalid-field', 'changes must be an object', null);
  }
  const out: Partial<T> = {};
  for (const key of allowed) {
    if (Object.prototype.hasOwnProperty.call(patch, key) && (patch as Record<string, unknown>)[key] !== undefined) {
      out[key] = spec[key]((patch as Record<string, unknown>)[key], key);
    }
  }
  return out;
}

/** Tolerant read of a stored value: the default when it is missing or malformed. */
export function readStored<T>(value: unknown, field: Field<T>, fallback: T): T {
  if (value === undefined) return fallback;
  try {
    return field(value, 'stored');
  } catch {
    return fallback;
  }
}
