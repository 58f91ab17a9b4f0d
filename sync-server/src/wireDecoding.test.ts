import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { readInt, readUint } from './wireDecoding.ts';

const reader = (...bytes: number[]) => decoding.createDecoder(Uint8Array.from(bytes));
const uint = (...bytes: number[]) => readUint(reader(...bytes));
const int = (...bytes: number[]) => readInt(reader(...bytes));

describe('bounded varints', () => {
  it('VARINT-1 reads every safe integer lib0 writes, and redundant zero groups within ten bytes', () => {
    for (const value of [0, 1, 127, 128, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, value);
      expect(readUint(decoding.createDecoder(encoding.toUint8Array(encoder)))).toBe(value);
      for (const signed of [value, -value]) {
        const signedEncoder = encoding.createEncoder();
        encoding.writeVarInt(signedEncoder, signed);
        expect(readInt(decoding.createDecoder(encoding.toUint8Array(signedEncoder)))).toBe(signed);
      }
    }
    expect(uint(0x80, 0x00)).toBe(0);
    expect(uint(0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)).toBe(1);
  });

  it('VARINT-2 refuses what lib0 reads as Infinity, NaN or an imprecise number past 2^53', () => {
    const infinity = [...new Array(147).fill(0x80), 0x01];
    const nan = [...new Array(150).fill(0x80), 0x00];
    // The probe's client id: reads as 2^56 + 2^53 through lib0.
    const beyond = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x8f, 0x01];
    expect(decoding.readVarUint(decoding.createDecoder(Uint8Array.from(infinity)))).toBe(Infinity);
    expect(decoding.readVarUint(decoding.createDecoder(Uint8Array.from(nan)))).toBeNaN();
    expect(decoding.readVarUint(decoding.createDecoder(Uint8Array.from(beyond)))).toBe(2 ** 56 + 2 ** 53);
    expect(() => uint(...infinity)).toThrow(/ten bytes/);
    expect(() => uint(...nan)).toThrow(/ten bytes/);
    expect(() => uint(...beyond)).toThrow(/2\^53/);
    // 2^53 exactly, the first unsafe integer.
    expect(() => uint(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10)).toThrow(/2\^53/);
    expect(() => int(0xc0, ...new Array(150).fill(0x80), 0x01)).toThrow(/ten bytes/);
    expect(() => int(0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f)).toThrow(/2\^53/);
    expect(() => uint(0x80)).toThrow(/unexpected end/);
  });
});
