import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendCharterBlocks } from './charter.ts';
import { canonicalEncoding, contentHash, diffVersions, diffWords, hasDifferences, MAX_DIFF_CELLS, versionContent } from './charterVersion.ts';
import type { Block } from './documentBlocks.ts';

const p = (text: string): Block => ({ type: 'paragraph', spans: [{ text }] });
const h = (text: string): Block => ({ type: 'heading', level: 2, spans: [{ text }] });

describe('a charter version: its content and its hash', () => {
  it('HIST-1: a version holds the charter as the export reads it (charterContent blocks)', () => {
    const fragment = new Y.Doc().getXmlFragment('charter');
    appendCharterBlocks(fragment, [{ type: 'heading', level: 2, text: 'Purpose' }, { type: 'paragraph', text: 'Why we are together.' }]);
    expect(versionContent(fragment)).toEqual([h('Purpose'), p('Why we are together.')]);
  });

  it('HIST-1: the hash is SHA-256 of the canonical encoding, in hex', () => {
    // The empty charter encodes as "[]": its SHA-256 is a known value.
    expect(canonicalEncoding([])).toBe('[]');
    expect(contentHash([])).toBe('4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945');
    expect(contentHash([p('A')])).toMatch(/^[0-9a-f]{64}$/);
  });

  it('HIST-1: the same text hashes the same whatever order its marks were written in; any change of text or mark changes it', () => {
    const one: Block = { type: 'paragraph', spans: [{ text: 'Exit', bold: true, italic: true }] };
    const other: Block = { type: 'paragraph', spans: [{ italic: true, text: 'Exit', bold: true, strike: false } as never] };
    expect(contentHash([one])).toBe(contentHash([other]));
    expect(contentHash([one])).not.toBe(contentHash([{ type: 'paragraph', spans: [{ text: 'Exit', bold: true }] }]));
    expect(contentHash([p('Exit')])).not.toBe(contentHash([{ type: 'paragraph', spans: [{ text: 'Exit', bold: true }] }]));
    expect(contentHash([p('Exit')])).not.toBe(contentHash([p('Exit.')]));
    expect(contentHash([p('Exit')])).not.toBe(contentHash([h('Exit')]));
    expect(contentHash([p('a'), p('b')])).not.toBe(contentHash([p('b'), p('a')]));
  });

  it('HIST-1: two replicas that converged on the same charter hash the same', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    appendCharterBlocks(a.getXmlFragment('charter'), [{ type: 'paragraph', text: 'Shared goal' }]);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(contentHash(versionContent(b.getXmlFragment('charter')))).toBe(contentHash(versionContent(a.getXmlFragment('charter'))));
  });
});

describe('the difference between two versions', () => {
  it('HIST-2: two huge paragraphs are compared coarsely (the middle deleted and inserted whole), never with a table past its bound', () => {
    const words = Math.ceil(Math.sqrt(MAX_DIFF_CELLS)) + 10;
    const common = Array.from({ length: words }, (_, i) => `w${i}`).join(' ');
    const before = `start ${common} end`;
    const after = `begin ${common} finish`;
    const diff = diffWords(before, after);
    expect(diff.map((change) => change.op)).toEqual(['delete', 'insert']);
    expect(diff[0]!.text).toBe(before);
    expect(diff[1]!.text).toBe(after);
  });

  it('HIST-2: equal texts show no difference', () => {
    const diff = diffVersions([h('A'), p('one')], [h('A'), p('one')]);
    expect(hasDifferences(diff)).toBe(false);
    expect(diff.map((d) => d.kind)).toEqual(['same', 'same']);
  });

  it('HIST-2: blocks are aligned first: an inserted and a deleted paragraph keep the others the same', () => {
    const diff = diffVersions([h('A'), p('one'), p('two'), p('three')], [h('A'), p('one'), p('new'), p('two')]);
    expect(diff.map((d) => [d.kind, 'before' in d ? d.before : null, 'after' in d ? d.after : null])).toEqual([
      ['same', 0, 0],
      ['same', 1, 1],
      ['inserted', null, 2],
      ['same', 2, 3],
      ['deleted', 3, null],
    ]);
  });

  it('HIST-2: a block changed in place shows its words inserted and deleted', () => {
    const diff = diffVersions([p('A partner may leave after 90 days.')], [p('A partner may leave after a notice of 60 days.')]);
    expect(diff).toHaveLength(1);
    const [entry] = diff;
    expect(entry!.kind).toBe('changed');
    expect(entry!.kind === 'changed' && entry!.words).toEqual([
      { op: 'same', text: 'A partner may leave after ' },
      { op: 'delete', text: '90 ' },
      { op: 'insert', text: 'a notice of 60 ' },
      { op: 'same', text: 'days.' },
    ]);
  });

  it('HIST-2: a word kept whose following space changed stays the same word; only the space changes', () => {
    expect(diffWords('we reach alone.', 'we reach alone. Together we serve Lyon.')).toEqual([
      { op: 'same', text: 'we reach alone.' },
      { op: 'insert', text: ' Together we serve Lyon.' },
    ]);
  });

  it('HIST-2: the word runs give back both texts exactly', () => {
    const before = '  Strategic decisions  are made by consensus.\nExecution by the lead.';
    const after = 'Strategic decisions are made by a weighted majority.\nExecution by the lead partner.';
    const words = diffWords(before, after);
    expect(words.filter((w) => w.op !== 'insert').map((w) => w.text).join('')).toBe(before);
    expect(words.filter((w) => w.op !== 'delete').map((w) => w.text).join('')).toBe(after);
  });

  it('HIST-2: a mark change alone is a changed block whose words are all the same', () => {
    const diff = diffVersions([p('Exit')], [{ type: 'paragraph', spans: [{ text: 'Exit', bold: true }] }]);
    expect(diff).toEqual([expect.objectContaining({ kind: 'changed', words: [{ op: 'same', text: 'Exit' }] })]);
  });

  it('HIST-2: from nothing, every block is inserted; to nothing, every block is deleted', () => {
    expect(diffVersions([], [p('a'), p('b')]).map((d) => d.kind)).toEqual(['inserted', 'inserted']);
    expect(diffVersions([p('a'), p('b')], []).map((d) => d.kind)).toEqual(['deleted', 'deleted']);
  });
});
