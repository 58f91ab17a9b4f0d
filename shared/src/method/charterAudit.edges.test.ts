/** The charter audit at its edges: where a clause starts, what a denial reaches, a heading's text (AUDIT-7, AUDIT-8, AUDIT-9). */
import { describe, expect, it } from 'vitest';
import { charterAudit, governanceConsistency, isTemplateDraft } from './charterAudit.ts';
import { FULL_CHARTER_TEMPLATE } from '../document/charter.ts';
import { charter, governance, heading, paragraph } from './testAlliance.ts';

const notice = (text: string) => charterAudit([paragraph(0, text)], 'light').items.find((i) => i.essential === 'exit-notice')!.covered;

describe('charter audit, at its edges', () => {
  it('AUDIT-7: a line break ends a clause, so a denial at the end of one line does not deny the next', () => {
    expect(notice('Everything else is open, with no\nNotice period: 90 days.')).toBe(true);
    expect(notice('Everything else is open, with no notice.')).toBe(false);
  });

  it('AUDIT-7: a text that starts with a stop still reads its first clause from there', () => {
    expect(notice('; there is no notice period')).toBe(false);
    expect(notice(': a notice period of 90 days')).toBe(true);
  });

  it('AUDIT-9: a rule a sentence denies is not a rule it names, so it contradicts nothing', () => {
    const gov = governance({ rules: { strategic: 'consensus', execution: 'majority', critical: 'lead-partner' } });
    const notes = governanceConsistency(charter('Critical decisions take no majority vote.', 'The lead partner settles them, by consensus or by majority.'), gov);
    expect(notes.filter((n) => n.category === 'critical')).toEqual([]);
  });

  it('AUDIT-8: a heading is never a draft clause, even one worded like a clause of the starting charter', () => {
    const clause = FULL_CHARTER_TEMPLATE.find((b) => b.type !== 'heading')!.text;
    expect(isTemplateDraft({ type: 'paragraph', text: clause })).toBe(true);
    expect(isTemplateDraft({ type: 'heading', text: clause })).toBe(false);
  });

  it('AUDIT-3: a heading counts through its subsections, and its section ends at the next heading as high as it', () => {
    const covered = (blocks: Parameters<typeof charterAudit>[0]) => charterAudit(blocks, 'full').items.find((i) => i.essential === 'exit-notice')!;
    expect(covered([heading(0, 'Notice period', 1), heading(1, 'Details', 2), paragraph(2, 'Ninety days.')])).toMatchObject({ covered: true, blockIndex: 0 });
    expect(covered([heading(0, 'Notice period', 2), heading(1, 'Assets', 2), paragraph(2, 'Split evenly.')]).covered).toBe(false);
  });

  it('AUDIT-8: a heading is a draft when every text in its section, subsections included, is a draft clause', () => {
    const [draft, other] = FULL_CHARTER_TEMPLATE.filter((b) => b.type !== 'heading').map((b) => b.text);
    const item = (blocks: Parameters<typeof charterAudit>[0]) => charterAudit(blocks, 'full').items.find((i) => i.essential === 'minority-protection')!;
    // The heading covers minority protection; what is under it decides whether that cover is still draft.
    expect(item([heading(0, 'Minority protection', 1), heading(1, 'More', 2), paragraph(2, draft!), paragraph(3, '   ')])).toMatchObject({ blockIndex: 0, draft: true });
    expect(item([heading(0, 'Minority protection', 2), paragraph(1, draft!), heading(2, 'Assets', 2), paragraph(3, 'Our own words.')])).toMatchObject({ blockIndex: 0, draft: true });
    expect(item([heading(0, 'Minority protection', 2), paragraph(1, other!), paragraph(2, 'Our own words.')])).toMatchObject({ blockIndex: 0, draft: false });
    expect(charterAudit([], 'full').items.every((i) => !i.draft)).toBe(true);
    expect(item([heading(0, 'Minority protection', 1), heading(1, 'More', 2), paragraph(2, 'Our own words.')])).toMatchObject({ blockIndex: 0, draft: false });
    // A paragraph in the partners' own words is theirs, whatever follows it.
    expect(item([paragraph(0, 'Minority partners may veto.')])).toMatchObject({ blockIndex: 0, draft: false });
  });

  it('AUDIT-9: blocks are separate sentences, and a sentence about two categories is about neither', () => {
    const gov = governance({ rules: { strategic: 'consensus', execution: 'majority', critical: 'consensus' } });
    const critical = (blocks: string[]) => governanceConsistency(charter(...blocks), gov).filter((n) => n.category === 'critical');
    expect(critical(['Critical decisions by majority', 'Strategic decisions by consensus'])).toMatchObject([{ kind: 'contradicts' }]);
    expect(critical(['Strategic and critical decisions need a weighted majority.', 'Consensus is the rule.'])).toEqual([]);
  });

  it('AUDIT-6: a sentence about no category names no rule for any of them', () => {
    const gov = governance({ rules: { strategic: 'consensus', execution: 'majority', critical: 'consensus' } });
    const notes = governanceConsistency(charter('Strategic decisions need everyone on board.', 'We vote by majority.'), gov);
    expect(notes.filter((n) => n.category === 'strategic').map((n) => n.kind)).toEqual(['silent']);
  });

  it('AUDIT-9: a category whose sentence names two other rules is told both', () => {
    const gov = governance({ rules: { strategic: 'consensus', execution: 'majority', critical: 'consensus' } });
    const [note] = governanceConsistency(charter('Critical decisions by majority or by the lead partner.', 'Consensus for the rest.'), gov).filter((n) => n.category === 'critical');
    expect(note!.message).toBe('The governance settings decide critical matters by consensus, but the charter says “majority” or “lead partner” for them.');
  });
});
