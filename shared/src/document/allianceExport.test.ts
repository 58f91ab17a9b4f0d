import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';
import { allianceMarkdown } from './allianceExport.ts';
import { charterMarkdown } from './charterMarkdown.ts';
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
    expect(md).toContain('_The charter has no text yet._');
    expect(md).toContain('_No shared assets listed._');
    expect(md).toContain('next review 2026-09-01');
  });
});
