/**
 * The field validators on their own (EDGE-1..5): what each accepts, where each bound sits (one more is refused),
 * the message and field a refusal carries, and how stored values fall back instead of throwing.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS, META, PARTNER } from '../schema.ts';
import { refusal } from '../testing/refusals.ts';
import {
  boolean,
  color,
  defaultsOf,
  listOf,
  millis,
  nullable,
  number,
  oneOf,
  optional,
  readEntry,
  readInput,
  readPatch,
  readStored,
  readStoredFields,
  recordId,
  recordOf,
  relativePosition,
  required,
  text,
} from './fields.ts';

describe('field validators', () => {
  it('EDGE-5: text is bounded at its limit exactly, counting the untrimmed text', () => {
    const name = text(LIMITS.name, 1);
    expect(name('x'.repeat(200), 'name')).toBe('x'.repeat(200));
    expect(refusal(() => name('x'.repeat(201), 'name'))).toEqual({ code: 'invalid-field', message: 'name must be at most 200 characters', field: 'name' });
    // Spaces count toward the limit: what is stored is what was sent.
    expect(refusal(() => text(5)(' abc  ', 'note')).message).toBe('note must be at most 5 characters');
    expect(text(6)(' abc  ', 'note')).toBe(' abc  ');
    expect(refusal(() => text(LIMITS.shortText)('x'.repeat(2_001), 'purpose')).message).toBe('purpose must be at most 2000 characters');
    expect(refusal(() => text(LIMITS.longText)('x'.repeat(20_001), 'notes')).message).toBe('notes must be at most 20000 characters');
    expect(text(LIMITS.longText)('x'.repeat(20_000), 'notes')).toHaveLength(20_000);
  });

  it('EDGE-5: the schema bounds names, short and long texts at 200, 2,000 and 20,000', () => {
    expect(LIMITS).toMatchObject({ name: 200, shortText: 2_000, longText: 20_000 });
    expect(refusal(() => readInput({ name: 'y'.repeat(201) }, PARTNER, 'partner')).field).toBe('name');
    expect(refusal(() => readPatch({ purpose: 'y'.repeat(2_001) }, META, ['purpose'])).field).toBe('purpose');
    expect(readPatch({ purpose: 'y'.repeat(2_000) }, META, ['purpose']).purpose).toHaveLength(2_000);
  });

  it('EDGE-1: a required text is trimmed and must not be blank; a minimum above one says how many characters', () => {
    const name = text(10, 1);
    expect(name('  Acme  ', 'name')).toBe('Acme');
    expect(refusal(() => name('   ', 'name')).message).toBe('name must be filled in');
    expect(refusal(() => text(10, 3)(' ab ', 'code')).message).toBe('code must be at least 3 characters');
    expect(text(10, 3)(' abc ', 'code')).toBe('abc');
    // Without a minimum, text is kept as written, even empty.
    expect(text(10)('', 'note')).toBe('');
    expect(refusal(() => text(10)(7, 'note'))).toEqual({ code: 'invalid-field', message: 'note must be text', field: 'note' });
  });

  it('EDGE-1: numbers are finite, within bounds (both ends included), and whole where required', () => {
    const weight = number(0, 10);
    expect(weight(0, 'w')).toBe(0);
    expect(weight(10, 'w')).toBe(10);
    expect(weight(2.5, 'w')).toBe(2.5);
    expect(refusal(() => weight(-0.1, 'w')).message).toBe('w must be between 0 and 10');
    expect(refusal(() => weight(10.1, 'w')).message).toBe('w must be between 0 and 10');
    expect(refusal(() => weight(Number.POSITIVE_INFINITY, 'w')).message).toBe('w must be a number');
    expect(refusal(() => weight('3', 'w')).message).toBe('w must be a number');
    expect(refusal(() => number(1, 5, true)(2.5, 's')).message).toBe('s must be a whole number');
    expect(number(1, 5, true)(5, 's')).toBe(5);
    expect(millis(0, 'at')).toBe(0);
    expect(millis(32_503_680_000_000, 'at')).toBe(32_503_680_000_000);
    expect(refusal(() => millis(32_503_680_000_001, 'at')).code).toBe('invalid-field');
    expect(refusal(() => millis(-1, 'at')).code).toBe('invalid-field');
    expect(refusal(() => millis(1.5, 'at')).message).toBe('at must be a whole number');
  });

  it('EDGE-1: closed vocabularies, booleans, colours, ids and nullables', () => {
    const mode = oneOf(['full', 'light'] as const);
    expect(mode('light', 'mode')).toBe('light');
    expect(refusal(() => mode('heavy', 'mode')).message).toBe('mode must be one of full, light');
    expect(boolean(false, 'b')).toBe(false);
    expect(refusal(() => boolean('true', 'b')).message).toBe('b must be true or false');
    expect(color('#1F6FEB', 'color')).toBe('#1f6feb');
    for (const bad of [['#1f6feb'], { toString: () => '#1f6feb' }, '1f6feb', '#1f6feb0', '#1f6fe', ' #1f6feb', '#1f6feb ', 'x#1f6feb', 0x1f6feb]) {
      expect(refusal(() => color(bad, 'color')).message).toBe('color must be a colour like #1f6feb');
    }
    expect(recordId('a-Z_9', 'id')).toBe('a-Z_9');
    expect(recordId('x'.repeat(64), 'id')).toHaveLength(64);
    for (const bad of ['', 'x'.repeat(65), 'a b', 'a.b', ' a', 'a ', '__proto__', 'constructor', 'prototype', 7]) {
      expect(refusal(() => recordId(bad, 'id')).message).toBe('id must be a record id');
    }
    const maybe = nullable(number(0, 1));
    expect(maybe(null, 'x')).toBeNull();
    expect(maybe(undefined, 'x')).toBeNull();
    expect(maybe(0, 'x')).toBe(0);
    expect(refusal(() => maybe(2, 'x')).field).toBe('x');
  });

  it('EDGE-1: lists and keyed records are bounded, and name the item that is wrong', () => {
    const scores = listOf(number(1, 5), 2);
    expect(scores([1, 5], 'scores')).toEqual([1, 5]);
    expect(refusal(() => scores([1, 2, 3], 'scores')).message).toBe('scores must be at most 2 items');
    expect(refusal(() => scores([1, 9], 'scores'))).toEqual({ code: 'invalid-field', message: 'scores[1] must be between 1 and 5', field: 'scores[1]' });
    expect(refusal(() => scores('1,2', 'scores')).message).toBe('scores must be a list');
    const fit = recordOf(number(1, 5), 2);
    const read = fit({ a: 1, b: 5 }, 'fit');
    expect(read).toEqual({ a: 1, b: 5 });
    expect(Object.getPrototypeOf(read)).toBeNull();
    expect(refusal(() => fit({ a: 1, b: 2, c: 3 }, 'fit')).message).toBe('fit must be at most 2 entries');
    expect(refusal(() => fit({ a: 7 }, 'fit')).field).toBe('fit.a');
    expect(refusal(() => fit({ 'a b': 1 }, 'fit')).field).toBe('fit key');
    for (const bad of [null, [1], 'x']) expect(refusal(() => fit(bad, 'fit')).message).toBe('fit must be an object');
  });
});

describe('reading records', () => {
  // Declared inside each test (not at load time), so the run that declares it is a test's own.
  const shape = () => ({
    title: required(text(20, 1)),
    note: optional(text(20), ''),
    tags: optional(listOf(text(5), 3), []),
    weight: required(number(0, 9), 1),
  });

  it('EDGE-2, EDGE-3: an input takes its known own fields, defaults for optional ones, overrides before defaults', () => {
    const SHAPE = shape();
    const inherited = Object.create({ note: 'from the prototype' }) as Record<string, unknown>;
    expect(refusal(() => readInput({ weight: 1 }, SHAPE, 'thing'))).toEqual({ code: 'missing-field', message: 'title is required', field: 'title' });
    expect(SHAPE.title).toEqual({ read: SHAPE.title.read, optional: false });
    expect(SHAPE.weight).toEqual({ read: SHAPE.weight.read, optional: false, fallback: 1 });
    expect(SHAPE.note).toEqual({ read: SHAPE.note.read, optional: true, fallback: '' });
    expect(readStored('x', SHAPE.weight)).toBe(1);
    Object.assign(inherited, { title: ' T ', weight: 2, extra: 'ignored' });
    expect(readInput(inherited, SHAPE, 'thing')).toEqual({ title: 'T', note: '', tags: [], weight: 2 });
    expect(readInput({ title: 'T', weight: 2, note: undefined }, SHAPE, 'thing', { note: 'given' })).toEqual({ title: 'T', note: 'given', tags: [], weight: 2 });
    expect(refusal(() => readInput({ title: 'T' }, SHAPE, 'thing'))).toEqual({ code: 'missing-field', message: 'weight is required', field: 'weight' });
    for (const bad of [null, [], 'x']) expect(refusal(() => readInput(bad, SHAPE, 'thing'))).toEqual({ code: 'invalid-field', message: 'thing must be an object', field: 'thing' });
    // Each input gets its own copy of a default list.
    const first = readInput({ title: 'T', weight: 1 }, SHAPE, 'thing');
    first.tags.push('x');
    expect(readInput({ title: 'T', weight: 1 }, SHAPE, 'thing').tags).toEqual([]);
  });

  it('EDGE-1, EDGE-3: a patch reads only the allowed fields it has, each validated', () => {
    const SHAPE = shape();
    expect(readPatch({ title: ' New ', note: 'n', weight: 3 }, SHAPE, ['title', 'note'])).toEqual({ title: 'New', note: 'n' });
    expect(readPatch({ note: undefined }, SHAPE, ['note'])).toEqual({});
    expect(refusal(() => readPatch({ note: 'x'.repeat(21) }, SHAPE, ['note'])).field).toBe('note');
    for (const bad of [null, [], 3]) expect(refusal(() => readPatch(bad, SHAPE, ['note']))).toEqual({ code: 'invalid-field', message: 'changes must be an object', field: null });
  });

  it('EDGE-4: a stored value that is missing or malformed reads as a fresh copy of its fallback; reading never throws', () => {
    const SHAPE = shape();
    const tags = SHAPE.tags;
    expect(readStored(['a'], tags)).toEqual(['a']);
    const missing = readStored(undefined, tags);
    const malformed = readStored('nope', tags);
    expect(missing).toEqual([]);
    expect(malformed).toEqual([]);
    missing.push('x');
    expect(readStored(undefined, tags)).toEqual([]);
    const objectFallback = optional(recordOf(number(1, 5), 3), { a: 1 });
    const copy = readStored(undefined, objectFallback);
    copy['b'] = 2;
    expect(readStored(7, objectFallback)).toEqual({ a: 1 });
    // Missing is the fallback even for a field that would read a missing value as null.
    const maybe = optional(nullable(number(0, 1)), 0.5);
    expect(readStored(undefined, maybe)).toBe(0.5);
    expect(readStored(null, maybe)).toBeNull();
    const stored = new Map<string, unknown>([['title', ''], ['note', 5], ['weight', 4]]);
    expect(readStoredFields((key) => stored.get(key), { note: SHAPE.note, weight: SHAPE.weight, tags })).toEqual({ note: '', weight: 4, tags: [] });
    const defaults = defaultsOf({ note: SHAPE.note, tags });
    expect(defaults).toEqual({ note: '', tags: [] });
    defaults.tags.push('x');
    expect(defaultsOf({ tags }).tags).toEqual([]);
  });

  it('EDGE-4: a log entry is read whole or skipped', () => {
    const ENTRY = { by: required(text(5)), at: required(millis) };
    expect(readEntry({ by: 'a', at: 1 }, ENTRY)).toEqual({ by: 'a', at: 1 });
    expect(readEntry({ by: 'a' }, ENTRY)).toBeNull();
    expect(readEntry({ by: 'toolong', at: 1 }, ENTRY)).toBeNull();
    expect(readEntry(null, ENTRY)).toBeNull();
    expect(readEntry('x', ENTRY)).toBeNull();
    // Even when every field could read as missing, an entry that is not an object is skipped.
    const LOOSE = { note: required(nullable(text(5))) };
    expect(readEntry({}, LOOSE)).toEqual({ note: null });
    for (const bad of ['x', 7, null, undefined]) expect(readEntry(bad, LOOSE)).toBeNull();
  });
  it('EDGE-1, CMT-2: a position in the text is base64 of at most 200 characters, padded by at most two =', () => {
    expect(relativePosition('AA==', 'from')).toBe('AA==');
    expect(relativePosition('a+/9', 'from')).toBe('a+/9');
    expect(relativePosition('A'.repeat(200), 'from')).toHaveLength(200);
    for (const bad of ['A'.repeat(201), '', '==', 'AA===', '!AA', 'AA!', 'A A', 'AA==A', 12, ['AA'], null]) {
      expect(refusal(() => relativePosition(bad, 'from')).message).toBe('from must be a position in the text');
    }
  });

  it('EDGE-5: the limits a field declares are the ones it checks, for the forms to say what is allowed', () => {
    expect(text(200, 3).bounds).toEqual({ minLength: 3, maxLength: 200 });
    expect(number(1, 5, true).bounds).toEqual({ min: 1, max: 5, integer: true });
    expect(number(0, 10).bounds).toEqual({ min: 0, max: 10, integer: false });
  });
});
