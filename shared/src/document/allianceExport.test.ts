import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';
import { allianceExport, allianceMarkdown, isoDate } from './allianceExport.ts';
import { charterContent, charterMarkdown } from './charterContent.ts';
import { blocksMarkdown, spansText, type Block } from './documentBlocks.ts';
import { exampleAlliance } from './example.ts';

const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;

describe('export', () => {
  it('EXPORT-1: the worked example exports its charter and every appendix', () => {
    const alliance = exampleAlliance(new Y.Doc(), { now: NOW });
    const md = allianceMarkdown(alliance, NOW);
    expect(md.startsWith('# Green Last Mile\n')).toBe(true);
    for (const heading of ['## Governance charter', '### Decision-making', '### Escalation path', '### Data ownership', '## Appendix A — Partners', '## Appendix B — Interest map', '## Appendix C — Governance rules', '## Appendix D — Mutual exit plan', '## Appendix E — Trust account', '## Appendix F — Realignment', '### Reviews held', '## Appendix G — Decisions log', '## Appendix H — Commitments', '## Appendix I — Check-ins']) {
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
    for (const nothing of ['No realignment review held yet.', 'No decision proposed yet.', 'No commitment recorded yet.', 'No check-in recorded yet.']) {
      expect(md).toContain(`\n*${nothing}*\n`);
    }
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
    for (const appendix of ['Appendix A — Partners', 'Appendix B — Interest map', 'Appendix C — Governance rules', 'Appendix D — Mutual exit plan', 'Appendix E — Trust account', 'Appendix F — Realignment', 'Appendix G — Decisions log', 'Appendix H — Commitments', 'Appendix I — Check-ins']) {
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

  describe('walk-through defect 12: the export leaves nothing out and its headings nest', () => {
    const element = (name: string, children: (Y.XmlElement | Y.XmlText)[], level?: number) => {
      const node = new Y.XmlElement(name);
      if (level !== undefined) node.setAttribute('level', level as unknown as string);
      node.insert(0, children);
      return node;
    };
    const para = (text: string) => element('paragraph', [new Y.XmlText(text)]);
    const headingsOf = (blocks: Block[]): [number, string][] =>
      blocks.flatMap((b): [number, string][] => {
        if (b.type === 'heading') return [[b.level, spansText(b.spans)]];
        if (b.type === 'quote') return headingsOf(b.blocks);
        if (b.type === 'list') return b.items.flatMap(headingsOf);
        return [];
      });

    it('EXPORT-5: the charter’s title and its sections have distinct heading levels, nested ones included', () => {
      const alliance = AllianceDocument.create(new Y.Doc(), { name: 'Pact', mode: 'full', partners: [{ name: 'A' }] }, { now: () => NOW });
      alliance.charter().insert(0, [
        element('heading', [new Y.XmlText('Our charter')], 1),
        para('Intro.'),
        element('heading', [new Y.XmlText('Purpose')], 2),
        element('heading', [new Y.XmlText('Detail')], 3),
        element('heading', [new Y.XmlText('Deepest')], 6),
        element('blockquote', [element('heading', [new Y.XmlText('Quoted')], 2)]),
        element('bulletList', [element('listItem', [element('heading', [new Y.XmlText('Listed')], 2)])]),
      ]);
      const blocks = allianceExport(alliance, NOW);
      expect(headingsOf(blocks.slice(0, blocks.findIndex((b) => b.type === 'heading' && spansText(b.spans).startsWith('Appendix A'))))).toEqual([
        [1, 'Pact'],
        [2, 'Our charter'],
        [3, 'Purpose'],
        [4, 'Detail'],
        [6, 'Deepest'],
        [3, 'Quoted'],
        [3, 'Listed'],
      ]);
      expect(allianceMarkdown(alliance, NOW)).toContain('\n## Our charter\n\nIntro.\n\n### Purpose\n\n#### Detail\n');
    });

    it('EXPORT-5: a charter of a title alone is that title; a charter with no text is "Charter", saying so', () => {
      const titled = AllianceDocument.create(new Y.Doc(), { name: 'Pact', mode: 'full', partners: [{ name: 'A' }] }, { now: () => NOW });
      titled.charter().insert(0, [element('heading', [new Y.XmlText('Only a title')], 1)]);
      expect(allianceMarkdown(titled, NOW)).toContain('\n## Only a title\n\n## Appendix A');
      const empty = AllianceDocument.create(new Y.Doc(), { name: 'Pact', mode: 'full', partners: [{ name: 'A' }] }, { now: () => NOW });
      expect(allianceMarkdown(empty, NOW)).toContain('\n## Charter\n\n*The charter has no text yet.*\n\n## Appendix A');
    });

    it('EXPORT-5: decisions, commitments, check-ins and reviews of a partner since removed are kept, under "a former partner"', () => {
      let clock = NOW - 30 * DAY;
      const alliance = AllianceDocument.create(new Y.Doc(), { name: 'Pact', mode: 'full', partners: [{ name: 'A' }, { name: 'B' }] }, { now: () => clock });
      const [a, b] = alliance.snapshot().partners;
      const decision = alliance.proposeDecision({ title: 'Go', category: 'strategic', deadline: NOW, createdBy: 'x' });
      alliance.castVote(decision.id, b!.id, 'no', 'Bo');
      alliance.castVote(decision.id, a!.id, 'abstain', 'Al');
      alliance.addCommitment({ partnerId: b!.id, text: 'Deliver', dueAt: NOW });
      alliance.recordCheckIn({ partnerId: b!.id, by: 'Bo', scores: { openness: 2, reliability: 2, fairness: 2, momentum: 2 } });
      clock = NOW - 20 * DAY;
      alliance.recordReview({ by: 'x', fit: { [a!.id]: 5, [b!.id]: 1 }, agreedChanges: 'Meet monthly.' });
      alliance.removePartner(b!.id);
      const md = allianceMarkdown(alliance, NOW);
      expect(md).toContain(`\n| ${isoDate(NOW - 20 * DAY)} | A 5/5, a former partner 1/5 |  | Meet monthly. |\n`);
      expect(md).toContain(`\n| ${isoDate(NOW - 30 * DAY)} | Go | Strategic | open | not decided yet | A: abstain; a former partner: no |\n`);
      expect(md).toContain(`\n| a former partner | Deliver | ${isoDate(NOW)} | open |\n`);
      expect(md).toContain(`\n| ${isoDate(NOW - 30 * DAY)} | a former partner | Bo | Openness 2, Reliability 2, Fairness 2, Momentum 2 |  |\n`);
    });
  });
});
