import { describe, expect, it } from 'vitest';
import { jsonNestsWithin } from './jsonDepth.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('JSON nesting, counted without parsing', () => {
  it('PRESENCE-4 counts arrays and objects, up to and past the bound', () => {
    expect(jsonNestsWithin(bytes('{}'), 1)).toBe(true);
    expect(jsonNestsWithin(bytes('{"a":[1,{"b":2}]}'), 3)).toBe(true);
    expect(jsonNestsWithin(bytes('{"a":[1,{"b":2}]}'), 2)).toBe(false);
    expect(jsonNestsWithin(bytes('[[],[],[[]]]'), 3)).toBe(true);
    expect(jsonNestsWithin(bytes('[[],[],[[]]]'), 2)).toBe(false);
    expect(jsonNestsWithin(bytes('null'), 0)).toBe(true);
  });

  it('PRESENCE-4 ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestsWithin(bytes('{"name":"[[[[{{{{"}'), 1)).toBe(true);
    expect(jsonNestsWithin(bytes('{"name":"say \\"[[[[\\" \\\\","x":1}'), 1)).toBe(true);
    // After an escaped backslash the string ends: the brackets after it count.
    expect(jsonNestsWithin(bytes('{"a":"\\\\",[[[]]]}'), 2)).toBe(false);
    expect(jsonNestsWithin(bytes('{"a":"é😀[[["}'), 1)).toBe(true);
  });

  it('PRESENCE-4 refuses a closer with nothing open', () => {
    expect(jsonNestsWithin(bytes(']['), 5)).toBe(false);
    expect(jsonNestsWithin(bytes('{}}'), 5)).toBe(false);
  });

  it('PRESENCE-4 a million levels are counted in a loop, without overflowing the stack', () => {
    const deep = new Uint8Array(1_000_000).fill(0x5b);
    expect(jsonNestsWithin(deep, 32)).toBe(false);
    expect(jsonNestsWithin(deep, 2_000_000)).toBe(true);
  });
});
