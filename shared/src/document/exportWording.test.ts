/**
 * The export word for word: the worked example against a reviewed fixture (shared/fixtures/worked-example.export.md),
 * and a small alliance that takes every other branch of the appendices (an exiting partner, a partner with no
 * interests, an unresolved conflict, no lead, an overdue review...). A wording change is then a reviewed change.
 *
 * Regenerate the fixture (only when a change is meant to alter the export) with
 * `TRELLIS_WRITE_FIXTURES=1 npx vitest run --project shared src/document/exportWording.test.ts`, and read its diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';
import { allianceExport, allianceMarkdown, isoDate } from './allianceExport.ts';
import { charterBlocks } from './charter.ts';
import { charterContent, charterMarkdown } from './charterContent.ts';
import { blocksMarkdown, escapeMarkdown, spansText, type Block } from './documentBlocks.ts';
import { exampleAlliance } from './example.ts';
import { Prng, seededRandomBytes } from '../testing/prng.ts';

const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
const FIXTURE = fileURLToPath(new URL('../../fixtures/worked-example.export.md', import.meta.url));

describe('the export, word for word', () => {
  it('EXPORT-1: the worked example exports exactly the reviewed fixture', () => {
    // Lists in the export follow record ids, so the example is made with a fixed random source.
    const md = allianceMarkdown(exampleAlliance(new Y.Doc(), { now: NOW, random: seededRandomBytes(new Prng(20260601)) }), NOW);
    if (process.env['TRELLIS_WRITE_FIXTURES'] === '1') writeFileSync(FIXTURE, md);
    expect(md).toBe(readFileSync(FIXTURE, 'utf8'));
  });

  it('EXPORT-1: dates are ISO calendar dates in UTC', () => {
    expect(isoDate(Date.UTC(2026, 0, 2, 23, 59))).toBe('2026-01-02');
  });

  it('EXPORT-1, EXPORT-3: every other branch of the appendices says what it is', () => {
    let clock = NOW - 400 * DAY;
    const alliance = AllianceDocument.create(
      new Y.Doc(),
      { name: 'Quiet Pact', mode: 'light', partners: [{ name: 'Alpha', votingWeight: 3 }, { name: 'Beta' }, { name: 'Gamma\nLtd' }] },
      { now: () => clock },
    );
    const [a, b, c] = alliance.snapshot().partners;
    // The charter's own top heading moves one level down; blank paragraphs at its edges are left out.
    const fragment = alliance.charter();
    const blank = new Y.XmlElement('paragraph');
    const title = new Y.XmlElement('heading');
    title.setAttribute('level', 1 as unknown as string);
    title.insert(0, [new Y.XmlText('Our pact')]);
    const body = new Y.XmlElement('paragraph');
    body.insert(0, [new Y.XmlText('We share.')]);
    const trailing = new Y.XmlElement('paragraph');
    trailing.insert(0, [new Y.XmlText('   ')]);
    fragment.insert(0, [blank, title, body, trailing]);

    const wish = alliance.addInterest({ partnerId: a!.id, kind: 'explicit', layer: 'operational', text: 'Ship weekly' });
    const fear = alliance.addInterest({ partnerId: b!.id, kind: 'red-line', layer: 'operational', text: 'No night shifts' });
    alliance.linkInterests({ fromInterestId: wish.id, toInterestId: fear.id, relation: 'conflicts' });
    alliance.updateGovernance({ leadPartnerId: null });
    alliance.updateExitPlan({ nonDisparagement: false, forceMajeure: '  ' });
    alliance.recordTrust({ by: 'x', partnerId: c!.id, kind: 'breach' });
    alliance.recordReview({ by: 'x', fit: { [a!.id]: 4 }, notes: 'Fine so far.' });
    const kept = alliance.addCommitment({ partnerId: b!.id, text: 'Staff the\ndepot', dueAt: NOW - 300 * DAY });
    alliance.resolveCommitment(kept.id, 'missed', 'x');
    clock = NOW - 200 * DAY;
    alliance.addCommitment({ partnerId: a!.id, text: 'Ship the app', dueAt: NOW + 5 * DAY });
    alliance.recordCheckIn({ partnerId: b!.id, by: 'Bea', scores: { openness: 1, reliability: 2, fairness: 3, momentum: 5 }, note: 'Slow\nstart' });
    const hire = alliance.proposeDecision({ title: 'Hire a driver', category: 'execution', deadline: NOW - 190 * DAY, createdBy: 'x' });
    alliance.castVote(hire.id, b!.id, 'no', 'Bea');
    alliance.castVote(hire.id, a!.id, 'yes', 'Al');
    alliance.recordOutcome(hire.id, 'rejected');
    clock = NOW - 10 * DAY;
    alliance.proposeDecision({ title: 'Open a second city', category: 'strategic', deadline: NOW + 10 * DAY, createdBy: 'x' });
    alliance.startExit(c!.id, { effectiveAt: NOW + 20 * DAY });

    const md = allianceMarkdown(alliance, NOW);
    const appendices = md.slice(md.indexOf('## Appendix A'));
    expect(md.slice(0, md.indexOf('## Appendix A'))).toBe(
      '# Quiet Pact\n\n*Exported 2026-06-01 · Light mode (one-page agreement)*\n\n## Our pact\n\nWe share.\n\n',
    );
    expect(appendices).toBe(
      [
        '## Appendix A — Partners',
        '',
        '| Partner | Voting weight | Minority protection | Status | Joined |',
        '| --- | --- | --- | --- | --- |',
        `| Alpha | 3 | no | active | ${isoDate(NOW - 400 * DAY)} |`,
        `| Beta | 1 | no | active | ${isoDate(NOW - 400 * DAY)} |`,
        `| Gamma Ltd | 1 | no | exiting (leaves 2026-06-21) | ${isoDate(NOW - 400 * DAY)} |`,
        '',
        '## Appendix B — Interest map',
        '',
        '### Alpha',
        '',
        '**Explicit interests**',
        '',
        '- Ship weekly *(operational)*',
        '',
        '### Beta',
        '',
        '**Red lines**',
        '',
        '- No night shifts *(operational)*',
        '',
        '### Gamma Ltd',
        '',
        '*No interests recorded.*',
        '',
        '### Links between interests',
        '',
        '- “Ship weekly” conflicts with “No night shifts” **Unresolved.**',
        '',
        '*Nothing recorded on the strategic and relational layer.*',
        '',
        '## Appendix C — Governance rules',
        '',
        '| Category | Rule | Minority veto |',
        '| --- | --- | --- |',
        '| Strategic | Consensus of all partners | no |',
        '| Execution | The lead partner decides | no |',
        '| Critical | Weighted majority of voting rights | yes |',
        '',
        '- Quorum: 50% of voting partners',
        '- Lead partner: not set',
        '- Escalation: operational team for up to 14 days, then the joint steering committee within 30 days',
        '- Minority-protected partners: none',
        '',
        '## Appendix D — Mutual exit plan',
        '',
        '- Notice period: 90 days',
        '- Non-disparagement: not agreed',
        '- Force majeure: not set out',
        '',
        '*No shared assets listed.*',
        '',
        '## Appendix E — Trust account',
        '',
        '| Partner | Balance | Deposits | Withdrawals |',
        '| --- | --- | --- | --- |',
        '| Alpha | 0 | 0 | 0 |',
        // The missed commitment is a withdrawal.
        '| Beta | -3 | 0 | 1 |',
        '| Gamma Ltd | -10 | 0 | 1 |',
        '',
        '## Appendix F — Realignment',
        '',
        `- Review every 3 months; next review ${isoDate(Date.UTC(2025, 6, 27))} (overdue)`,
        '',
        '### Reviews held',
        '',
        '| Held on | Strategic fit | Notes | Agreed changes |',
        '| --- | --- | --- | --- |',
        `| ${isoDate(NOW - 400 * DAY)} | Alpha 4/5 | Fine so far. |  |`,
        '',
        '## Appendix G — Decisions log',
        '',
        '| Opened | Decision | Category | Status | Outcome | Votes |',
        '| --- | --- | --- | --- | --- | --- |',
        `| ${isoDate(NOW - 200 * DAY)} | Hire a driver | Execution | decided | Rejected | Alpha: yes; Beta: no |`,
        `| ${isoDate(NOW - 10 * DAY)} | Open a second city | Strategic | open | not decided yet | no votes |`,
        '',
        '## Appendix H — Commitments',
        '',
        '| Partner | Commitment | Due | Status |',
        '| --- | --- | --- | --- |',
        `| Beta | Staff the depot | ${isoDate(NOW - 300 * DAY)} | missed ${isoDate(NOW - 400 * DAY)} |`,
        `| Alpha | Ship the app | ${isoDate(NOW + 5 * DAY)} | open |`,
        '',
        '## Appendix I — Check-ins',
        '',
        '| Date | Partner | By | Scores (1 to 5) | Note |',
        '| --- | --- | --- | --- | --- |',
        `| ${isoDate(NOW - 200 * DAY)} | Beta | Bea | Openness 1, Reliability 2, Fairness 3, Momentum 5 | Slow start |`,
        '',
      ].join('\n'),
    );
    // The print view gets the same blocks: the partner table's cells hold text, not Markdown.
    const table = allianceExport(alliance, NOW).find((block) => block.type === 'table');
    expect(table).toEqual({
      type: 'table',
      head: ['Partner', 'Voting weight', 'Minority protection', 'Status', 'Joined'].map((text) => [{ text }]),
      rows: [
        ['Alpha', '3', 'no', 'active', isoDate(NOW - 400 * DAY)].map((text) => [{ text }]),
        ['Beta', '1', 'no', 'active', isoDate(NOW - 400 * DAY)].map((text) => [{ text }]),
        ['Gamma Ltd', '1', 'no', 'exiting (leaves 2026-06-21)', isoDate(NOW - 400 * DAY)].map((text) => [{ text }]),
      ],
    });
  });
});

describe('the charter as blocks', () => {
  const element = (name: string, children: (Y.XmlElement | Y.XmlText)[], attributes: Record<string, unknown> = {}) => {
    const node = new Y.XmlElement(name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value as string);
    node.insert(0, children);
    return node;
  };
  const text = (value: string) => new Y.XmlText(value);

  it('EXPORT-2: every Tiptap node the charter holds becomes its block, and an unknown node keeps its text', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('charter');
    const marked = new Y.XmlText();
    marked.insert(0, 'plain ');
    marked.insert(6, 'slanted', { italic: {} });
    marked.insert(13, ' gone', { strike: {} });
    marked.insert(18, ' x`y', { code: {} });
    marked.insert(22, ' write', { link: { href: 'mailto:team@example.org' } });
    marked.insert(28, ' bare', { link: { href: 42 } });
    marked.insert(33, ' bolded', { bold: {} });
    marked.insertEmbed(40, { image: 'x.png' });
    fragment.insert(0, [
      element('heading', [text('Zero')], { level: 0 }),
      element('heading', [text('Seven')], { level: 7 }),
      element('heading', [text('Words')], { level: 'three' }),
      element('heading', [text('Unset')]),
      element('heading', [text('Three')], { level: 3 }),
      text('loose text'),
      element('paragraph', [marked]),
      element('paragraph', [text('line one'), element('hardBreak', []), text('line two'), element('image', [])]),
      element('orderedList', [element('listItem', [element('paragraph', [text('first')])]), element('listItem', [element('paragraph', [text('second')])]), text('stray')]),
      element('codeBlock', [text('const a = 1;')]),
      element('horizontalRule', []),
      element('callout', [text('kept')]),
    ]);
    expect(charterContent(fragment)).toEqual([
      { type: 'heading', level: 1, spans: [{ text: 'Zero' }] },
      { type: 'heading', level: 6, spans: [{ text: 'Seven' }] },
      { type: 'heading', level: 1, spans: [{ text: 'Words' }] },
      { type: 'heading', level: 1, spans: [{ text: 'Unset' }] },
      { type: 'heading', level: 3, spans: [{ text: 'Three' }] },
      { type: 'paragraph', spans: [{ text: 'loose text' }] },
      {
        type: 'paragraph',
        spans: [
          { text: 'plain ' },
          { text: 'slanted', italic: true },
          { text: ' gone', strike: true },
          { text: ' x`y', code: true },
          { text: ' write', href: 'mailto:team@example.org' },
          { text: ' bare' },
          { text: ' bolded', bold: true },
        ],
      },
      { type: 'paragraph', spans: [{ text: 'line one' }, { text: '\n' }, { text: 'line two' }] },
      { type: 'list', ordered: true, items: [[{ type: 'paragraph', spans: [{ text: 'first' }] }], [{ type: 'paragraph', spans: [{ text: 'second' }] }], []] },
      { type: 'code', text: 'const a = 1;' },
      { type: 'rule' },
      { type: 'paragraph', spans: [{ text: 'kept' }] },
    ]);
    expect(charterMarkdown(fragment)).toBe(
      [
        '# Zero',
        '',
        '###### Seven',
        '',
        '# Words',
        '',
        '# Unset',
        '',
        '### Three',
        '',
        'loose text',
        '',
        'plain *slanted*~~ gone~~` xˋy`[ write](mailto:team@example.org) bare** bolded**',
        '',
        'line one  ',
        'line two',
        '',
        '1. first',
        '2. second',
        '3. ',
        '',
        '```',
        'const a = 1;',
        '```',
        '',
        '---',
        '',
        'kept',
        '',
      ].join('\n'),
    );
  });

  it('EXPORT-2: nested blocks are indented under their list marker and quoted line by line', () => {
    const blocks: Block[] = [
      {
        type: 'list',
        ordered: false,
        items: [
          [
            { type: 'paragraph', spans: [{ text: 'outer' }] },
            { type: 'list', ordered: true, items: [[{ type: 'paragraph', spans: [{ text: 'inner' }] }]] },
          ],
        ],
      },
      { type: 'quote', blocks: [{ type: 'paragraph', spans: [{ text: 'a\nb' }] }, { type: 'paragraph', spans: [{ text: '' }] }, { type: 'code', text: 'x' }] },
      { type: 'table', head: [[{ text: 'h' }]], rows: [[[{ text: 'one\ntwo', bold: true, italic: true, strike: true, href: 'https://x.org' }]]] },
      { type: 'heading', level: 2, spans: [{ text: 'up\ndown' }] },
    ];
    expect(blocksMarkdown(blocks)).toBe(
      ['- outer', '  1. inner', '', '> a  ', '> b', '>', '>', '>', '> ```', '> x', '> ```', '', '| h |', '| --- |', '| [~~***one two***~~](https://x.org) |', '', '## up down', ''].join('\n'),
    );
    expect(escapeMarkdown('# one\n  + two\n-x\n> q')).toBe('\\# one\n  \\+ two\n-x\n\\> q');
    // A backslash before a digit is not an escape in Markdown (it would show): the list marker's dot or parenthesis is.
    expect(escapeMarkdown('1. one\n  12) two\n3.x')).toBe('1\\. one\n  12\\) two\n3.x');
    expect(spansText([{ text: 'a' }, { text: 'b', bold: true }])).toBe('ab');
  });
});

describe('the export at its remaining edges', () => {
  it('EXPORT-1: a lead partner who was removed is named as a former partner; several protected partners are listed', () => {
    const alliance = AllianceDocument.create(new Y.Doc(), { name: 'P', mode: 'full', partners: [{ name: 'A', minorityProtected: true }, { name: 'B', minorityProtected: true }, { name: 'C' }] }, { now: () => NOW });
    const [, , c] = alliance.snapshot().partners;
    alliance.updateGovernance({ leadPartnerId: c!.id });
    alliance.removePartner(c!.id);
    const md = allianceMarkdown(alliance, NOW);
    expect(md).toContain('\n- Lead partner: a former partner\n');
    expect(md).toContain('\n- Minority-protected partners: A, B\n');
    // No links: no heading for them.
    expect(md).not.toContain('Links between interests');
  });

  it('EXPORT-1, EXPORT-5: a conflict whose resolution is only spaces is unresolved; a charter with no title of its own goes under "Charter"', () => {
    const alliance = AllianceDocument.create(new Y.Doc(), { name: 'P', mode: 'full', partners: [{ name: 'A' }] }, { now: () => NOW });
    const [a] = alliance.snapshot().partners;
    const x = alliance.addInterest({ partnerId: a!.id, kind: 'explicit', layer: 'strategic', text: 'X' });
    const y = alliance.addInterest({ partnerId: a!.id, kind: 'explicit', layer: 'strategic', text: 'Y' });
    const link = alliance.linkInterests({ fromInterestId: x.id, toInterestId: y.id, relation: 'conflicts' });
    alliance.updateLink(link.id, { resolution: '   ' });
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 3 as unknown as string);
    heading.insert(0, [new Y.XmlText('Small start')]);
    alliance.charter().insert(0, [heading]);
    const md = allianceMarkdown(alliance, NOW);
    expect(md).toContain('\n- “X” conflicts with “Y” **Unresolved.**\n');
    expect(md).toContain('\n## Charter\n\n#### Small start\n\n## Appendix A');
  });

  it('EXPORT-2: a hook node (not Tiptap’s) carries no text and adds no block', () => {
    const fragment = new Y.Doc().getXmlFragment('charter');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('kept')]);
    // Yjs stores hooks in a fragment, though its insert() type leaves them out.
    fragment.insert(0, [new Y.XmlHook('widget') as unknown as Y.XmlElement, paragraph]);
    expect(charterContent(fragment)).toEqual([{ type: 'paragraph', spans: [{ text: 'kept' }] }]);
    expect(charterBlocks(fragment)).toEqual([
      { index: 0, type: 'other', level: 0, text: '' },
      { index: 1, type: 'paragraph', level: 0, text: 'kept' },
    ]);
  });

  it('EXPORT-4: http, https and mailto links are kept; a scheme named later in the address does not count', () => {
    const fragment = new Y.Doc().getXmlFragment('charter');
    const text = new Y.XmlText();
    text.insert(0, 'a', { link: { href: 'http://example.org' } });
    text.insert(1, 'b', { link: { href: 'javascript:go("https://x")' } });
    text.insert(2, 'c', { link: { href: 'https://example.org' } });
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [text]);
    fragment.insert(0, [paragraph]);
    expect(charterContent(fragment)).toEqual([{ type: 'paragraph', spans: [{ text: 'a', href: 'http://example.org' }, { text: 'b' }, { text: 'c', href: 'https://example.org' }] }]);
  });

  it('EXPORT-4: a link whose href is not a string is no link, even when its text form is a web address', () => {
    // A peer's mark is any JSON: a list holding an address reads as that address once turned into text.
    const peer = new Y.Doc();
    const text = new Y.XmlText();
    text.insert(0, 'a', { link: { href: ['https://example.org'] } });
    text.insert(1, 'b', { link: { href: 'https://example.org' } });
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [text]);
    peer.getXmlFragment('charter').insert(0, [paragraph]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));
    expect(charterContent(doc.getXmlFragment('charter'))).toEqual([{ type: 'paragraph', spans: [{ text: 'a' }, { text: 'b', href: 'https://example.org' }] }]);
    expect(charterMarkdown(doc.getXmlFragment('charter'))).toBe('a[b](https://example.org)\n');
  });

  it('EXPORT-2: only a list marker at the start of a line is escaped; the document is trimmed; a blank quoted line is a bare marker', () => {
    expect(escapeMarkdown('step 1. go')).toBe('step 1. go');
    expect(blocksMarkdown([{ type: 'paragraph', spans: [{ text: ' lead' }] }])).toBe('lead\n');
    const quote: Block = { type: 'quote', blocks: [{ type: 'paragraph', spans: [{ text: 'a' }] }, { type: 'paragraph', spans: [{ text: '   ' }] }, { type: 'paragraph', spans: [{ text: 'b' }] }] };
    expect(blocksMarkdown([quote])).toBe('> a\n>\n>\n>\n> b\n');
  });
  it('EXPORT-1, REVIEW-4: an alliance with no start date and no review says its next review is not yet dated', () => {
    // A document made elsewhere without a start date reads it as 0.
    const alliance = AllianceDocument.create(new Y.Doc(), { name: 'Undated', mode: 'light', partners: [{ name: 'Alpha' }] }, { now: () => 0 });
    const md = allianceMarkdown(alliance, NOW);
    expect(md).toContain('## Appendix F — Realignment\n\n- Review every 3 months; next review not yet dated (no start date)\n');
  });
});
