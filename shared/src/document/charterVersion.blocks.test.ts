/**
 * A version's canonical encoding for every kind of block, read back as a peer's stored version is read (HIST-1,
 * HIST-3), and the plain text the diff compares (HIST-2).
 */
import { describe, expect, it } from 'vitest';
import { blockText, canonicalEncoding, decodeCanonical, diffVersions, diffWords, encodingHash, hasDifferences, MAX_DIFF_CELLS, MAX_VERSION_CHARS, wholeText } from './charterVersion.ts';
import type { Block } from './documentBlocks.ts';

const p = (text: string): Block => ({ type: 'paragraph', spans: [{ text }] });

const EVERY_KIND: Block[] = [
  { type: 'heading', level: 3, spans: [{ text: 'Exit', bold: true }, { text: ' rules', italic: true, strike: true, code: true, href: 'https://example.org/exit' }] },
  { type: 'list', ordered: true, items: [[p('one'), p('more')], [p('two')]] },
  { type: 'list', ordered: false, items: [[p('a')]] },
  { type: 'table', head: [[{ text: 'Who' }], [{ text: 'What' }]], rows: [[[{ text: 'TechCo' }], [{ text: 'Hosting' }]]] },
  { type: 'quote', blocks: [p('Said once'), { type: 'rule' }] },
  { type: 'code', text: 'x = 1' },
  { type: 'rule' },
];

describe('a version of every kind of block', () => {
  it('HIST-1: every kind of block has its own fixed encoding', () => {
    expect(canonicalEncoding(EVERY_KIND)).toBe(
      JSON.stringify([
        ['h', 3, [['Exit', 1, 0, 0, 0, null], [' rules', 0, 1, 1, 1, 'https://example.org/exit']]],
        ['l', 1, [[['p', [['one', 0, 0, 0, 0, null]]], ['p', [['more', 0, 0, 0, 0, null]]]], [['p', [['two', 0, 0, 0, 0, null]]]]]],
        ['l', 0, [[['p', [['a', 0, 0, 0, 0, null]]]]]],
        ['t', [[['Who', 0, 0, 0, 0, null]], [['What', 0, 0, 0, 0, null]]], [[[['TechCo', 0, 0, 0, 0, null]], [['Hosting', 0, 0, 0, 0, null]]]]],
        ['q', [['p', [['Said once', 0, 0, 0, 0, null]]], ['r']]],
        ['c', 'x = 1'],
        ['r'],
      ]),
    );
  });

  it('HIST-3: a stored version reads back as the blocks it encodes, marks and links included', () => {
    expect(decodeCanonical(canonicalEncoding(EVERY_KIND))).toEqual(EVERY_KIND);
  });

  it('HIST-3: a stored text that is not exactly what the encoding writes is refused', () => {
    const refusedAll = [
      '{}', // not a list
      '[["p",[[7,0,0,0,0,null]]]]', // a span's text not text
      '[["p",[["x",0,0,0,0,null]]] ]', // not canonical (a space)
      '[["p",[["x",0,0,0,0,"javascript:alert(1)"]]]]', // a link that is not a web or mail address is dropped, so it is not canonical
      '[["p",[["x",2,0,0,0,null]]]]', // a mark is 1 or 0
      '[["h",7,[]]]', // a heading level past 6
      '[["h",0,[]]]',
      '[["h",1.5,[]]]',
      '[["x"]]', // an unknown block
    ];
    for (const bad of refusedAll) expect(() => decodeCanonical(bad), bad).toThrow();
    expect(decodeCanonical('[["p",[["x",0,0,0,0,"mailto:a@b.org"]]]]')).toEqual([{ type: 'paragraph', spans: [{ text: 'x', href: 'mailto:a@b.org' }] }]);
    expect(decodeCanonical('[["p",[["x",0,0,0,0,"http://a.org"]]]]')).toEqual([{ type: 'paragraph', spans: [{ text: 'x', href: 'http://a.org' }] }]);
    for (const href of ['"see https://a.org"', '["https://a.org"]']) expect(() => decodeCanonical(`[["p",[["x",0,0,0,0,${href}]]]]`), href).toThrow();
    expect(decodeCanonical('[["h",6,[]],["h",1,[]]]')).toEqual([{ type: 'heading', level: 6, spans: [] }, { type: 'heading', level: 1, spans: [] }]);
  });

  it('HIST-3: a stored text opens only when it decodes and the hash is its own; anything else is null, never a throw', () => {
    const text = canonicalEncoding(EVERY_KIND);
    expect(wholeText(text, encodingHash(text))).toEqual(EVERY_KIND);
    expect(wholeText(text, encodingHash(`${text} `))).toBeNull();
    for (const bad of ['[["x"]]', 'not a list', '[["p",[["x",0,0,0,0,null]]] ]']) expect(wholeText(bad, encodingHash(bad)), bad).toBeNull();
  });

  it('HIST-3: a version of exactly the longest length is read; one character more is refused', () => {
    const wrap = (text: string) => JSON.stringify([['c', text]]);
    const longest = wrap('x'.repeat(MAX_VERSION_CHARS - wrap('').length));
    expect(longest).toHaveLength(MAX_VERSION_CHARS);
    expect(decodeCanonical(longest)).toEqual([{ type: 'code', text: 'x'.repeat(MAX_VERSION_CHARS - wrap('').length) }]);
    expect(() => decodeCanonical(wrap('x'.repeat(MAX_VERSION_CHARS - wrap('').length + 1)))).toThrow();
  });

  it('HIST-3: quotes nest at most 16 deep in a stored version', () => {
    const nest = (depth: number): Block => (depth === 0 ? p('deep') : { type: 'quote', blocks: [nest(depth - 1)] });
    expect(decodeCanonical(canonicalEncoding([nest(16)]))).toEqual([nest(16)]);
    expect(() => decodeCanonical(canonicalEncoding([nest(17)]))).toThrow();
  });

  it('HIST-2: each kind of block reads as plain text for the diff', () => {
    expect(EVERY_KIND.map(blockText)).toEqual(['Exit rules', 'one more\ntwo', 'a', 'Who | What\nTechCo | Hosting', 'Said once\n---', 'x = 1', '---']);
    expect(blockText({ type: 'heading', level: 2, spans: [{ text: 'Purpose' }] })).toBe('Purpose');
  });

  it('HIST-2: a changed list, table or code block shows its words changed', () => {
    const before: Block[] = [{ type: 'code', text: 'keep this' }];
    const after: Block[] = [{ type: 'code', text: 'keep that' }];
    expect(diffVersions(before, after)).toEqual([
      { kind: 'changed', before: 0, after: 0, from: before[0], to: after[0], words: [{ op: 'same', text: 'keep ' }, { op: 'delete', text: 'this' }, { op: 'insert', text: 'that' }] },
    ]);
  });

  it('HIST-2: a diff with only an insertion, or only a deletion, has differences; one with none has not', () => {
    expect(hasDifferences(diffVersions([p('a')], [p('a'), p('b')]))).toBe(true);
    expect(hasDifferences(diffVersions([p('a'), p('b')], [p('b')]))).toBe(true);
    expect(hasDifferences(diffVersions([p('a'), p('b')], [p('a'), p('b')]))).toBe(false);
    expect(hasDifferences([])).toBe(false);
  });

  it('HIST-2: blocks kept at both ends and in the middle are paired with their own indexes', () => {
    const before = [p('head'), p('x'), p('mid'), p('y'), p('tail1'), p('tail2')];
    const after = [p('head'), p('mid'), p('z'), p('tail1'), p('tail2')];
    expect(diffVersions(before, after).map((d) => [d.kind, 'before' in d ? d.before : null, 'after' in d ? d.after : null])).toEqual([
      ['same', 0, 0],
      ['deleted', 1, null],
      ['same', 2, 1],
      ['changed', 3, 2],
      ['same', 4, 3],
      ['same', 5, 4],
    ]);
  });

  it('HIST-2: words are aligned on the longest common run, whichever side is longer', () => {
    expect(diffWords('a b c d e', 'x a c e y')).toEqual([
      { op: 'insert', text: 'x ' },
      { op: 'same', text: 'a ' },
      { op: 'delete', text: 'b ' },
      { op: 'same', text: 'c ' },
      { op: 'delete', text: 'd ' },
      { op: 'same', text: 'e' },
      { op: 'insert', text: ' y' },
    ]);
    expect(diffWords('one two three four', 'one three two four')).toEqual([
      { op: 'same', text: 'one ' },
      { op: 'delete', text: 'two ' },
      { op: 'same', text: 'three ' },
      { op: 'insert', text: 'two ' },
      { op: 'same', text: 'four' },
    ]);
    expect(diffWords('  lead', 'lead')).toEqual([{ op: 'delete', text: '  ' }, { op: 'same', text: 'lead' }]);
  });

  it('HIST-2: a repeated block is kept at its first place; one kept only at the end is kept at its last', () => {
    const rows = (before: Block[], after: Block[]) => diffVersions(before, after).map((d) => [d.kind, 'before' in d ? d.before : null, 'after' in d ? d.after : null]);
    expect(rows([p('x'), p('x')], [p('x')])).toEqual([['same', 0, 0], ['deleted', 1, null]]);
    expect(rows([p('y'), p('x'), p('x')], [p('x')])).toEqual([['deleted', 0, null], ['deleted', 1, null], ['same', 2, 0]]);
  });

  it('HIST-2: two texts of exactly the bound\'s size are still aligned word by word; past it, kept ends stay the same', () => {
    const side = Math.sqrt(MAX_DIFF_CELLS);
    const middle = Array.from({ length: side - 2 }, (_, i) => `w${i}`).join(' ');
    const words = diffWords(`a0 ${middle} z0`, `b0 ${middle} y0`);
    expect(words.map((w) => w.op)).toEqual(['delete', 'insert', 'same', 'delete', 'insert']);
    const many = (tag: string) => Array.from({ length: side + 1 }, (_, i) => `${tag}${i}`).join(' ');
    const coarse = diffWords(`head ${many('x')} tail end`, `head ${many('y')} tail end`);
    expect(coarse.map((w) => w.op)).toEqual(['same', 'delete', 'insert', 'same']);
    expect(coarse[3]!.text).toBe('tail end');
  });

  it('HIST-2: words align on their longest common run whatever repeats at either end or in the middle', () => {
    const cases: [string, string, { op: string; text: string }[]][] = [
      ['c d c b c', 'c', [{ op: 'same', text: 'c' }, { op: 'delete', text: ' d c b c' }]],
      ['c a a b', 'c b b c b', [{ op: 'same', text: 'c ' }, { op: 'delete', text: 'a a ' }, { op: 'insert', text: 'b b c ' }, { op: 'same', text: 'b' }]],
      ['b a d d d', 'b d', [{ op: 'same', text: 'b ' }, { op: 'delete', text: 'a d d ' }, { op: 'same', text: 'd' }]],
      ['a', 'b d a d', [{ op: 'insert', text: 'b d ' }, { op: 'same', text: 'a' }, { op: 'insert', text: ' d' }]],
      ['b c d', 'c d d a', [{ op: 'delete', text: 'b ' }, { op: 'same', text: 'c d' }, { op: 'insert', text: ' d a' }]],
      ['c a d d', 'a d', [{ op: 'delete', text: 'c ' }, { op: 'same', text: 'a ' }, { op: 'delete', text: 'd ' }, { op: 'same', text: 'd' }]],
      ['c c b c', 'a d c c c', [{ op: 'insert', text: 'a d ' }, { op: 'same', text: 'c c ' }, { op: 'delete', text: 'b ' }, { op: 'same', text: 'c' }]],
      ['x', 'x x', [{ op: 'same', text: 'x' }, { op: 'insert', text: ' x' }]],
      ['x x', 'x', [{ op: 'same', text: 'x' }, { op: 'delete', text: ' x' }]],
      ['', 'new', [{ op: 'insert', text: 'new' }]],
    ];
    for (const [before, after, expected] of cases) expect(diffWords(before, after), `${before} → ${after}`).toEqual(expected);
  });
});
