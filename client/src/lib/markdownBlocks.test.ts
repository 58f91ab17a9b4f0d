import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { allianceMarkdown, escapeMarkdown, exampleAlliance } from '@trellis/shared';
import { inlineSpans, markdownBlocks, spansText, type Block } from './markdownBlocks.ts';

describe('markdown blocks for the print view', () => {
  it('reads headings, paragraphs, lists and tables', () => {
    const blocks = markdownBlocks(
      ['# Title', '', 'Some **bold** and _quiet_ text.', '', '- one', '- two', '', '| A | B |', '| --- | --- |', '| 1 | x \\| y |', '', '---'].join('\n'),
    );
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'list', 'table', 'rule']);
    const para = blocks[1] as Extract<Block, { type: 'paragraph' }>;
    expect(para.spans).toEqual([{ text: 'Some ' }, { text: 'bold', bold: true }, { text: ' and ' }, { text: 'quiet', italic: true }, { text: ' text.' }]);
    const table = blocks[3] as Extract<Block, { type: 'table' }>;
    expect(table.head.map(spansText)).toEqual(['A', 'B']);
    expect(table.rows[0]!.map(spansText)).toEqual(['1', 'x | y']);
  });

  it('undoes escapeMarkdown, so text with Markdown characters prints as written', () => {
    const raw = 'Clause *3* | [draft] <b>not html</b> _under_score_ # not a heading';
    expect(spansText(inlineSpans(escapeMarkdown(raw)))).toBe(raw);
    expect(inlineSpans(escapeMarkdown(raw)).every((s) => !s.bold && !s.italic && !s.href)).toBe(true);
  });

  it('keeps only http(s) and mailto links', () => {
    expect(inlineSpans('[site](https://example.org) and [x](javascript:alert(1))')).toEqual([
      { text: 'site', href: 'https://example.org' },
      { text: ' and [x](javascript:alert(1))' },
    ]);
  });

  it('reads the whole worked example export: charter and every appendix', () => {
    const alliance = exampleAlliance(new Y.Doc());
    const blocks = markdownBlocks(allianceMarkdown(alliance, Date.UTC(2026, 2, 14)));
    const headings = blocks.filter((b) => b.type === 'heading').map((b) => spansText(b.spans));
    expect(headings[0]).toBe('Green Last Mile');
    for (const appendix of ['Partners', 'Interest map', 'Governance rules', 'Mutual exit plan', 'Trust account']) {
      expect(headings.some((h) => h.includes(appendix))).toBe(true);
    }
    const partners = blocks.find((b) => b.type === 'table') as Extract<Block, { type: 'table' }>;
    expect(partners.rows.map((r) => spansText(r[0]!))).toEqual(['TechCo', 'LogiCorp', 'GreenAlliance']);
  });
});
