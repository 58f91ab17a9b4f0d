import { describe, it, expect } from 'vitest';
import { ESSENTIALS, charterAudit, exitNoticeConsistency, governanceConsistency, isTemplateDraft, lightModeFit } from './charterAudit.ts';
import { FULL_CHARTER_TEMPLATE } from '../document/charter.ts';
import { T0, charter, days, governance, heading, meta, paragraph, partner } from './testAlliance.ts';

const FULL = charter(
  '# Governance charter',
  'Strategic decisions are made by consensus; the lead partner decides on execution.',
  '# Escalation',
  'Open issues go to the joint steering committee after 14 days.',
  'Disputes are settled by a mediator both partners accept.',
  'Partners share information early and send a monthly report.',
  'Either partner may leave with a notice period of 90 days.',
  'Shared assets are split as listed in the exit plan.',
  'Nobody disparages the other after leaving.',
  'Smaller partners hold a veto on critical decisions.',
  'Force majeure suspends obligations.',
);

describe('charter audit', () => {
  it('AUDIT-1: a full charter covers every essential, each at the first block that mentions it', () => {
    const a = charterAudit(FULL, 'full');
    expect(a.coverage).toBe(1);
    expect(a.missing).toEqual([]);
    expect(a.items.map((i) => [i.essential, i.blockIndex, i.match])).toEqual([
      ['decision-making', 1, 'decisions'],
      ['escalation-path', 2, 'Escalation'],
      ['conflict-resolution', 4, 'Disputes'],
      ['information-flow', 5, 'information'],
      ['exit-notice', 6, 'notice period'],
      ['exit-assets', 7, 'assets'],
      ['exit-non-disparagement', 8, 'disparages'],
      ['minority-protection', 9, 'veto'],
      ['force-majeure', 10, 'Force majeure'],
    ]);
    expect(a.items[0]!.label).toBe('How decisions are made');
  });

  it('AUDIT-1: coverage is the share of required essentials covered, and missing lists the rest in order', () => {
    const a = charterAudit(charter('We decide by majority.', 'Force  majeure applies.'), 'full');
    expect(a.coverage).toBe(2 / 9);
    expect(a.missing).toEqual(ESSENTIALS.filter((e) => e !== 'decision-making' && e !== 'force-majeure'));
    expect(a.items.find((i) => i.essential === 'force-majeure')?.match).toBe('Force majeure');
    expect(charterAudit([], 'full')).toMatchObject({ coverage: 0, missing: [...ESSENTIALS] });
  });

  it('AUDIT-2: phrases match case-insensitively at the start of a word only', () => {
    const a = charterAudit(charter('INDECISION is not a plan.', 'We ESCALATE quickly.', 'Unnoticed problems.'), 'full');
    const by = (e: string) => a.items.find((i) => i.essential === e)!;
    expect(by('decision-making').covered).toBe(false);
    expect(by('escalation-path')).toMatchObject({ covered: true, blockIndex: 1, match: 'ESCALATE' });
    expect(by('exit-notice').covered).toBe(false);
  });

  it('AUDIT-2: the block index is the block’s own index in the charter, not its position in the list', () => {
    const a = charterAudit([paragraph(7, 'Monthly reporting to both boards.')], 'light');
    expect(a.items.find((i) => i.essential === 'information-flow')).toMatchObject({ blockIndex: 7, match: 'reporting' });
  });

  it('AUDIT-3: a heading counts when something is written under it (subsections included), an empty one does not', () => {
    const withText = charterAudit([heading(0, 'Minority protection'), paragraph(1, 'Smaller partners may block.')], 'full');
    expect(withText.items.find((i) => i.essential === 'minority-protection')).toMatchObject({
      covered: true,
      blockIndex: 0,
      match: 'Minority',
    });
    const empty = charterAudit(
      [heading(0, 'Minority protection'), paragraph(1, '  '), heading(2, 'Force majeure'), paragraph(3, 'TBD')],
      'full',
    );
    expect(empty.items.find((i) => i.essential === 'minority-protection')!.covered).toBe(false);
    expect(empty.items.find((i) => i.essential === 'force-majeure')!.covered).toBe(true);
    const nested = charterAudit(
      [heading(0, 'Exit', 1), heading(1, 'Leaving', 2), paragraph(2, 'Ninety days ahead.'), heading(3, 'Notice', 1)],
      'full',
    );
    // "Exit" has text in its subsection; the last "Notice" heading has nothing under it.
    expect(nested.items.find((i) => i.essential === 'exit-notice')!.covered).toBe(false);
    expect(charterAudit([heading(0, 'Exit', 1), heading(1, 'Notice period', 2), paragraph(2, 'x')], 'full').items.find(
      (i) => i.essential === 'exit-notice',
    )).toMatchObject({ covered: true, blockIndex: 1 });
  });

  it('AUDIT-4: light mode requires only decision-making, communication and exit notice', () => {
    const a = charterAudit(charter('We decide together.', 'We communicate weekly.'), 'light');
    expect(a.items.filter((i) => i.required).map((i) => i.essential)).toEqual([
      'decision-making',
      'information-flow',
      'exit-notice',
    ]);
    expect(a.coverage).toBe(2 / 3);
    expect(a.missing).toEqual(['exit-notice']);
    expect(a.items).toHaveLength(ESSENTIALS.length);
  });

  it('AUDIT-5: an alliance fits light mode under six months or with fewer than three partners', () => {
    const isLightAlliance = (...args: Parameters<typeof lightModeFit>) => lightModeFit(...args).fits;
    const three = [partner('a'), partner('b'), partner('c')];
    const now = T0 + days(10);
    expect(isLightAlliance(meta({ expectedEndAt: null }), three, now)).toBe(false);
    // Exactly six calendar months is not "under six months".
    expect(isLightAlliance(meta({ expectedEndAt: Date.UTC(2025, 6, 1) }), three, now)).toBe(false);
    expect(isLightAlliance(meta({ expectedEndAt: Date.UTC(2025, 6, 1) - 1 }), three, now)).toBe(true);
    expect(isLightAlliance(meta(), three.slice(0, 2), now)).toBe(true);
    // Partners who have left, or whose exit took effect by now, do not count.
    expect(isLightAlliance(meta(), [...three.slice(0, 2), partner('c', { status: 'exited' })], now)).toBe(true);
    expect(isLightAlliance(meta(), [...three.slice(0, 2), partner('c', { status: 'exiting', exitEffectiveAt: now })], now)).toBe(true);
    expect(
      isLightAlliance(meta(), [...three.slice(0, 2), partner('c', { status: 'exiting', exitEffectiveAt: now + 1 })], now),
    ).toBe(false);
    // What it was judged on, for the app to say why an alliance has outgrown light mode.
    expect(lightModeFit(meta({ expectedEndAt: null }), three, now)).toEqual({ fits: false, shortLived: false, partnersIn: 3 });
    expect(lightModeFit(meta({ expectedEndAt: Date.UTC(2025, 6, 1) - 1 }), three, now)).toEqual({ fits: true, shortLived: true, partnersIn: 3 });
  });

  it('AUDIT-6: the charter should name the rule the governance settings use for each category', () => {
    const gov = governance({ rules: { strategic: 'consensus', execution: 'majority', critical: 'weighted-majority' } });
    const notes = governanceConsistency(charter('Strategic decisions need consensus.', 'Critical ones: weighted majority.'), gov);
    // "weighted majority" does not count as plain majority.
    expect(notes).toEqual([
      {
        category: 'execution',
        rule: 'majority',
        kind: 'silent',
        message: 'The governance settings decide execution matters by majority, but the charter never says “majority”.',
      },
    ]);
    expect(governanceConsistency(charter('Consensus. A simple majority. By voting weight.'), gov)).toEqual([]);
    expect(governanceConsistency(charter('We are unanimous on strategy.', 'Majority otherwise, weighted-majority for critical.'), gov)).toEqual([]);
    expect(governanceConsistency(charter('  '), gov)).toEqual([]);
    const lead = governanceConsistency(charter('Consensus on everything.'), governance());
    expect(lead.map((n) => n.rule)).toEqual(['lead-partner', 'weighted-majority']);
  });

  it('AUDIT-7: a mention denied in its own clause covers nothing', () => {
    const hostile = charter('We will never decide anything together. There is no notice, no information sharing, no conflict process.');
    const a = charterAudit(hostile, 'light');
    expect(a.items.filter((i) => i.covered).map((i) => i.essential)).toEqual([]);
    expect(a.coverage).toBe(0);
    // A denial elsewhere in the sentence, or in another clause, does not hide a real mention.
    const real = charterAudit(charter('No partner acts alone: we decide by consensus.', 'A notice period of 90 days, not less.'), 'light');
    expect(real.items.filter((i) => i.covered).map((i) => [i.essential, i.match])).toEqual([
      ['decision-making', 'decide'],
      ['exit-notice', 'notice period'],
    ]);
    // A prohibition is its own clause: "No disparagement." covers non-disparagement.
    expect(charterAudit(charter('No disparagement.'), 'full').items.find((i) => i.essential === 'exit-non-disparagement')!.covered).toBe(true);
    // "no formal conflict process": one filler word between the denial and the phrase.
    expect(charterAudit(charter('There is no formal conflict process.'), 'full').items.find((i) => i.essential === 'conflict-resolution')!.covered).toBe(false);
  });

  it('AUDIT-8: blocks still holding the starting charter\'s draft clauses are flagged, and so is each essential they cover', () => {
    const template = FULL_CHARTER_TEMPLATE.map((b, index) => ({ index, type: b.type, level: b.type === 'heading' ? b.level : 0, text: b.text }));
    const a = charterAudit(template as Parameters<typeof charterAudit>[0], 'full');
    expect(a.coverage).toBe(1);
    expect(a.drafts).toEqual(template.filter((b) => b.type !== 'heading').map((b) => b.index));
    expect(a.items.every((i) => i.draft)).toBe(true);
    // Rewritten in the partners' own words (even one word, or spacing aside), a clause is theirs.
    expect(isTemplateDraft({ type: 'paragraph', text: '  ' + FULL_CHARTER_TEMPLATE[3]!.text.replace(' ', '   ') })).toBe(true);
    expect(isTemplateDraft({ type: 'paragraph', text: FULL_CHARTER_TEMPLATE[3]!.text + ' Ours.' })).toBe(false);
    expect(isTemplateDraft({ type: 'heading', text: 'Purpose' })).toBe(false);
    expect(charterAudit(FULL, 'full').drafts).toEqual([]);
  });

  it('AUDIT-9: a sentence about a category that names another rule contradicts the settings', () => {
    const gov = governance({ rules: { strategic: 'consensus', execution: 'lead-partner', critical: 'consensus' } });
    const text = charter(
      'Strategic decisions are made by consensus of all partners. Execution decisions are taken by the lead partner. Critical decisions need a weighted majority of the voting rights.',
    );
    expect(governanceConsistency(text, gov)).toEqual([
      {
        category: 'critical',
        rule: 'consensus',
        kind: 'contradicts',
        message: 'The governance settings decide critical matters by consensus, but the charter says “weighted majority” for them.',
      },
    ]);
    // Naming the set rule for the category too is no contradiction; a denied rule names nothing.
    expect(governanceConsistency(charter('Critical decisions need consensus, or failing that a weighted majority.', 'Strategic by consensus. Execution by the lead partner.'), gov)).toEqual([]);
    expect(governanceConsistency(charter('Critical decisions are never taken by weighted majority, only by consensus.', 'Strategic by consensus. Execution by the lead partner.'), gov)).toEqual([]);
  });
});

describe('the charter against the exit plan', () => {
  it('AUDIT-10: a notice period in days that the exit plan does not have is a disagreement that says both numbers', () => {
    const plan = { noticePeriodDays: 90 };
    for (const said of ['A partner may leave after a notice period of 180 days.', "Either partner leaves on 180 days' notice.", 'A 180-day written notice is due.', 'Notice of 180 days.']) {
      expect(exitNoticeConsistency(charter(said), plan), said).toBe('The charter says a notice period of 180 days, but the exit plan says 90 days. Change one, so that both say the same.');
    }
    // The same number, anywhere among those named, agrees; a charter silent on days of notice says nothing.
    expect(exitNoticeConsistency(charter('A partner may leave after a notice period of 90 days.'), plan)).toBeNull();
    expect(exitNoticeConsistency(charter('90 days notice for a partner, 30 days notice for a facilitator.'), plan)).toBeNull();
    expect(exitNoticeConsistency(charter('30 days notice for a facilitator, 90 days notice for a partner.'), plan)).toBeNull();
    expect(exitNoticeConsistency(charter('A partner gives notice.', 'Reports are due within 180 days.'), plan)).toBeNull();
    expect(exitNoticeConsistency(charter(), plan)).toBeNull();
    expect(exitNoticeConsistency(charter('30 days notice here, 60 days notice there.'), plan)).toBe(
      'The charter says a notice period of 30 days or 60 days, but the exit plan says 90 days. Change one, so that both say the same.',
    );
  });
});
