import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';
import { allianceExport, allianceMarkdown } from './allianceExport.ts';
import { charterContent, charterMarkdown } from './charterContent.ts';
import { blocksMarkdown, spansText, type Block } from './documentBlocks.ts';
import { exampleAlliance } from './example.ts';

const NOW = Date.UTC(2026, 5, 1);

describe('export', () => {
  it('EXPORT-1: the worked example exports its charter and every appendix', () => {
    const alliance = exampleAlliance(new Y.Doc(), { now: NOW });
    const md = allianceMarkdown(alliance, NOW);
    expect(md.startsWith('# Green Last Mile\n')).toBe(true);
    for (const heading of ['## Decision-making', '## Escalation path', '## Data ownership', '## Appendix A — Partners', '## Appendix B — Interest map', '## Appendix C — Governance rules', '## Appendix D — Mutual exit plan', '## Appendix E — Trust account', '## Appendix F — Realignment']) {
      expect(md).toContain(`\n${heading}\n`);
    }
    expect(md).toContain('| GreenAlliance | 20 | yes | active |');
    expect(md).toContain('| Strategic | Consensus of all partners | no |');
    expect(md).toContain('| Critical | Weighted majority of voting rights | yes |');
    expect(md).toContain('- Lead partner: LogiCorp');
    expect(md).toContain('| Routing algorithms | TechCo |');
    expect(md).toContain('self-funding model');
    expect(md).toMatch(/Resolved: Settled by the steering committee/);
  });

  it('EXPORT-2: charter marks and lists become Markdown, and text that looks like syntax is escaped', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('charter');
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 2 as unknown as string);
    heading.insert(0, [new Y.XmlText('Rules')]);
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    text.insert(0, 'Decide by ');
    text.insert(10, 'consensus', { bold: {} });
    text.insert(19, ' *always*', { bold: null });
    paragraph.insert(0, [text]);
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const itemParagraph = new Y.XmlElement('paragraph');
    itemParagraph.insert(0, [new Y.XmlText('# not a heading')]);
    item.insert(0, [itemParagraph]);
    list.insert(0, [item]);
    const quote = new Y.XmlElement('blockquote');
    const quoted = new Y.XmlElement('paragraph');
    quoted.insert(0, [new Y.XmlText('Trust is earned')]);
    quote.insert(0, [quoted]);
    fragment.insert(0, [heading, paragraph, list, quote]);
    expect(charterMarkdown(fragment)).toBe('## Rules\n\nDecide by **consensus** \\*always\\*\n\n- \\# not a heading\n\n> Trust is earned\n');
  });

  it('EXPORT-3: an empty alliance still exports, saying what is missing', () => {
    const alliance = AllianceDocument.create(new Y.Doc(), { name: 'Empty', mode: 'light' }, { now: () => NOW });
    const md = allianceMarkdown(alliance, NOW);
    expect(md).toContain('\n*The charter has no text yet.*\n');
    expect(md).toContain('\n*No shared assets listed.*\n');
    expect(md).toContain('next review 2026-09-01');
  });

  it('EXPORT-4: the print view and the download are one set of blocks; text is as written in the blocks and escaped only in Markdown; only web and mail links are kept', () => {
    const alliance = exampleAlliance(new Y.Doc(), { now: NOW });
    const raw = 'Clause *3* | [draft] <b>not html</b> _under_score_';
    alliance.updatePartner(alliance.snapshot().partners[0]!.id, { name: raw });
    const blocks = allianceExport(alliance, NOW);
    expect(blocksMarkdown(blocks)).toBe(allianceMarkdown(alliance, NOW));
    const headings = blocks.filter((b) => b.type === 'heading').map((b) => spansText(b.spans));
    expect(headings[0]).toBe('Green Last Mile');
    for (const appendix of ['Appendix A — Partners', 'Appendix B — Interest map', 'Appendix C — Governance rules', 'Appendix D — Mutual exit plan', 'Appendix E — Trust account', 'Appendix F — Realignment']) {
      expect(headings).toContain(appendix);
    }
    const partners = blocks.find((b) => b.type === 'table') as Extract<Block, { type: 'table' }>;
    expect(partners.rows.map((r) => spansText(r[0]!))).toEqual([raw, 'LogiCorp', 'GreenAlliance']);
    expect(allianceMarkdown(alliance, NOW)).toContain('| Clause \\*3\\* \\| \\[draft\\] \\<b\\>not html\\</b\\> \\_under\\_score\\_ |');

    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    text.insert(0, 'site', { link: { href: 'https://example.org' } });
    text.insert(4, ' and ', { link: null });
    text.insert(9, 'x', { link: { href: 'javascript:alert(1)' } });
    paragraph.insert(0, [text]);
    doc.getXmlFragment('charter').insert(0, [paragraph]);
    expect(charterContent(doc.getXmlFragment('charter'))).toEqual([
      { type: 'paragraph', spans: [{ text: 'site', href: 'https://example.org' }, { text: ' and ' }, { text: 'x' }] },
    ]);
  });
});
