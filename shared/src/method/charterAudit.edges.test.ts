/** The charter audit at its edges: where a clause starts, what a denial reaches, a heading's text (AUDIT-7, AUDIT-8, AUDIT-9). */
import { describe, expect, it } from 'vitest';
import { charterAudit, governanceConsistency, isTemplateDraft } from './charterAudit.ts';
import { FULL_CHARTER_TEMPLATE } from '../document/charter.ts';
import { charter, governance, paragraph } from './testAlliance.ts';

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
});
