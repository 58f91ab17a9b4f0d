/**
 * Decision outcomes with every reason they give, word for word: the reasons are what the partners read, and each
 * case below sits on an edge of a rule (GOV-1 .. GOV-10, ESC-1 .. ESC-3) where a bound moved by one would show.
 */
import { describe, expect, it } from 'vitest';
import type { DecisionRule, Governance, Partner, Vote } from '../schema.ts';
import { decisionOutcome, escalation } from './governance.ts';
import { T0, days, decision, governance, partner, vote } from './testAlliance.ts';

const DEADLINE = T0 + days(7);
const BEFORE = T0 + days(1);
const AFTER = DEADLINE + 1;
const abc = [partner('a'), partner('b'), partner('c')];

function rules(rule: DecisionRule, over: Partial<Governance> = {}): Governance {
  return governance({ rules: { strategic: rule, execution: rule, critical: rule }, vetoCategories: [], quorum: 0.5, ...over });
}

function outcome(votes: Record<string, Vote>, partners: Partner[], gov: Governance, now: number, category: 'execution' | 'critical' = 'execution') {
  const r = decisionOutcome(decision('d', { votes, category, deadline: DEADLINE }), partners, gov, now);
  return { outcome: r.outcome, final: r.final, reasons: r.reasons };
}

describe('decision outcomes and their reasons', () => {
  it('GOV-1, GOV-3, GOV-6: ignored, late and non-protected veto votes are each explained, in that order', () => {
    const votes = { zed: vote('yes'), ghost: vote('yes'), a: vote('yes'), b: vote('veto'), c: vote('no', AFTER) };
    expect(outcome(votes, [partner('c'), partner('a'), partner('b')], rules('majority'), AFTER)).toEqual({
      outcome: 'deadlocked',
      final: true,
      reasons: [
        'Rule for execution decisions: majority.',
        'Votes from ghost, zed are not counted: only active or exiting partners vote.',
        'C voted after the deadline: shown, but not counted.',
        'A veto from B counts as a no: only minority-protected partners may veto, and only on no decisions.',
        'Majority: 1 yes, 1 no, 0 abstaining.',
        'Quorum met: 2 of 3 partners voted; the quorum is 50%.',
      ],
    });
    const listed = outcome({ a: vote('veto') }, abc, rules('majority', { vetoCategories: ['critical', 'strategic'] }), AFTER);
    expect(listed.reasons).toContain('A veto from A counts as a no: only minority-protected partners may veto, and only on critical, strategic decisions.');
    expect(decisionOutcome(decision('d', { votes: { b: vote('yes') } }), [partner('c'), partner('a'), partner('b')], rules('majority'), AFTER).eligible).toEqual(['a', 'b', 'c']);
  });

  it('GOV-6: a protected veto names only the vetoing partners', () => {
    const partners = [partner('a'), partner('b', { minorityProtected: true }), partner('c', { minorityProtected: true })];
    expect(outcome({ a: vote('yes'), c: vote('veto'), b: vote('abstain') }, partners, rules('consensus', { vetoCategories: ['critical'] }), BEFORE, 'critical')).toEqual({
      outcome: 'vetoed',
      final: true,
      reasons: ['Rule for critical decisions: consensus.', 'C vetoed this critical decision as a minority-protected partner.'],
    });
  });

  it('GOV-7: consensus says who blocks it, whom it waits for, and when it forms', () => {
    const gov = rules('consensus');
    expect(outcome({ a: vote('yes'), b: vote('no') }, abc, gov, BEFORE)).toEqual({
      outcome: 'pending',
      final: false,
      reasons: ['Rule for execution decisions: consensus.', 'Consensus is blocked: 1 partner said no.', 'Open until the deadline: 2 of 3 partners voted; the quorum is 50%.'],
    });
    expect(outcome({ a: vote('no'), b: vote('no'), c: vote('yes') }, abc, gov, BEFORE).reasons[1]).toBe('Consensus is blocked: 2 partners said no.');
    // Two yes of three meet the quorum, but a missing vote could still block: not final before the deadline.
    expect(outcome({ a: vote('yes'), b: vote('yes') }, abc, gov, BEFORE)).toEqual({
      outcome: 'pending',
      final: false,
      reasons: ['Rule for execution decisions: consensus.', "Consensus needs every partner's vote; not yet from C.", 'Open until the deadline: 2 of 3 partners voted; the quorum is 50%.'],
    });
    expect(outcome({ a: vote('yes') }, abc, gov, BEFORE).reasons).toEqual([
      'Rule for execution decisions: consensus.',
      "Consensus needs every partner's vote; not yet from B, C.",
      'Open until the deadline: 1 of 3 partners voted; the quorum is 50%.',
    ]);
    expect(outcome({ a: vote('abstain'), b: vote('abstain'), c: vote('abstain') }, abc, gov, BEFORE)).toEqual({
      outcome: 'deadlocked',
      final: true,
      reasons: ['Rule for execution decisions: consensus.', 'Everyone abstained: consensus needs at least one yes.', 'Quorum met: 3 of 3 partners voted; the quorum is 50%.'],
    });
    expect(outcome({ a: vote('abstain'), b: vote('yes'), c: vote('yes') }, abc, gov, BEFORE)).toEqual({
      outcome: 'passed',
      final: true,
      reasons: ['Rule for execution decisions: consensus.', 'Consensus: every partner said yes or abstained.', 'Quorum met: 3 of 3 partners voted; the quorum is 50%.'],
    });
  });

  it('GOV-4, GOV-8: a majority is final early only when the missing votes could not even tie it', () => {
    const abcd = [...abc, partner('d')];
    const gov = rules('majority');
    expect(outcome({ a: vote('yes'), b: vote('yes'), c: vote('no') }, abcd, gov, BEFORE)).toEqual({
      outcome: 'pending',
      final: false,
      reasons: ['Rule for execution decisions: majority.', 'Majority: 2 yes, 1 no, 0 abstaining.', 'Open until the deadline: 3 of 4 partners voted; the quorum is 50%.'],
    });
    expect(outcome({ a: vote('no'), b: vote('no'), c: vote('yes') }, abcd, gov, BEFORE)).toMatchObject({ outcome: 'pending', final: false });
    expect(outcome({ a: vote('no'), b: vote('no'), c: vote('no') }, abcd, gov, BEFORE)).toEqual({
      outcome: 'rejected',
      final: true,
      reasons: [
        'Rule for execution decisions: majority.',
        'Majority: 0 yes, 3 no, 0 abstaining.',
        'Quorum met: 3 of 4 partners voted; the quorum is 50%.',
        'The remaining votes cannot change this.',
      ],
    });
    expect(outcome({ a: vote('yes'), b: vote('yes'), c: vote('abstain') }, abcd, gov, BEFORE)).toMatchObject({ outcome: 'passed', final: true });
    expect(outcome({ a: vote('yes') }, abc, rules('majority', { quorum: 1 }), AFTER)).toEqual({
      outcome: 'no-quorum',
      final: true,
      reasons: ['Rule for execution decisions: majority.', 'Majority: 1 yes, 0 no, 0 abstaining.', 'No quorum: 1 of 3 partners voted; the quorum is 100%.'],
    });
  });

  it('GOV-4, GOV-9: a weighted majority is final early when no missing weight could pass or reject it', () => {
    const gov = rules('weighted-majority');
    const w = (a: number, b: number, c: number, d: number) => [partner('a', { votingWeight: a }), partner('b', { votingWeight: b }), partner('c', { votingWeight: c }), partner('d', { votingWeight: d })];
    // 30 yes and the missing 20 reach exactly half of 100, not more: it cannot pass, nor reach half against.
    expect(outcome({ a: vote('abstain'), b: vote('yes'), c: vote('no') }, w(40, 30, 10, 20), gov, BEFORE)).toEqual({
      outcome: 'deadlocked',
      final: true,
      reasons: [
        'Rule for execution decisions: weighted-majority.',
        'Weighted majority: 30 yes and 10 no of 100 voting weight.',
        'Quorum met: 3 of 4 partners voted; the quorum is 50%.',
        'The remaining votes cannot change this.',
      ],
    });
    // 35 yes and 40 missing could still pass; nothing could reach half against.
    expect(outcome({ b: vote('yes'), c: vote('abstain'), d: vote('abstain') }, w(40, 35, 15, 10), gov, BEFORE)).toMatchObject({ outcome: 'pending', final: false });
    // Weight that is not a finite positive number counts as none.
    const odd = [partner('a', { votingWeight: -10 }), partner('b'), partner('c'), partner('d', { votingWeight: Number.POSITIVE_INFINITY })];
    expect(outcome({ a: vote('yes'), b: vote('yes'), c: vote('no'), d: vote('yes') }, odd, gov, BEFORE).reasons[1]).toBe('Weighted majority: 1 yes and 1 no of 2 voting weight.');
    const weightless = [partner('a', { votingWeight: 0 }), partner('b', { votingWeight: 0 }), partner('c', { votingWeight: 0 })];
    expect(outcome({ a: vote('yes') }, weightless, rules('weighted-majority', { quorum: 0.3 }), BEFORE)).toEqual({
      outcome: 'deadlocked',
      final: true,
      reasons: [
        'Rule for execution decisions: weighted-majority.',
        'Weighted majority: 0 yes and 0 no of 0 voting weight.',
        'No partner has any voting weight, so nothing can pass.',
        'Quorum met: 1 of 3 partners voted; the quorum is 30%.',
        'The remaining votes cannot change this.',
      ],
    });
  });

  it('GOV-4: a protected partner who has not voted keeps a veto category open, however the votes stand', () => {
    const partners = [partner('a', { votingWeight: 60 }), partner('b', { votingWeight: 20 }), partner('c', { votingWeight: 20, minorityProtected: true })];
    expect(outcome({ a: vote('yes') }, partners, rules('weighted-majority', { quorum: 0.3, vetoCategories: ['critical'] }), BEFORE, 'critical')).toEqual({
      outcome: 'pending',
      final: false,
      reasons: [
        'Rule for critical decisions: weighted-majority.',
        'Weighted majority: 60 yes and 0 no of 100 voting weight.',
        'A minority-protected partner has not voted yet and may still veto.',
        'Open until the deadline: 1 of 3 partners voted; the quorum is 30%.',
      ],
    });
  });

  it("GOV-10: the lead partner's vote decides at once; without it the others only advise", () => {
    const gov = rules('lead-partner', { leadPartnerId: 'a', quorum: 0.3 });
    const said = (choice: Vote['choice']) => outcome({ a: vote(choice), b: vote('no') }, abc, gov, BEFORE);
    expect(said('yes')).toEqual({
      outcome: 'passed',
      final: true,
      reasons: ['Rule for execution decisions: lead-partner.', 'The lead partner A said yes.', 'Quorum met: 2 of 3 partners voted; the quorum is 30%.', 'The remaining votes cannot change this.'],
    });
    expect(said('no')).toMatchObject({ outcome: 'rejected', final: true });
    expect(said('no').reasons[1]).toBe('The lead partner A said no.');
    expect(said('abstain')).toMatchObject({ outcome: 'deadlocked', final: true });
    expect(said('abstain').reasons[1]).toBe('The lead partner A abstained, so nobody decided.');
    expect(outcome({ b: vote('yes') }, abc, gov, BEFORE)).toEqual({
      outcome: 'pending',
      final: false,
      reasons: ['Rule for execution decisions: lead-partner.', "The lead partner A has not voted; the others' votes are advisory.", 'Open until the deadline: 1 of 3 partners voted; the quorum is 30%.'],
    });
    expect(outcome({ b: vote('yes') }, abc, rules('lead-partner', { leadPartnerId: null }), AFTER).reasons.slice(0, 2)).toEqual([
      'Rule for execution decisions: majority.',
      'No lead partner is set, so the majority decides.',
    ]);
    const gone = [partner('a', { status: 'exited' }), partner('b'), partner('c')];
    expect(outcome({ b: vote('yes') }, gone, gov, AFTER).reasons.slice(0, 2)).toEqual(['Rule for execution decisions: majority.', 'The lead partner A no longer votes, so the majority decides.']);
  });
});

describe('a rule this version does not know', () => {
  it('GOV-12: fails loudly instead of deciding by some other rule (stored rules are validated, so only a coding error gets here)', () => {
    const gov = rules('majority', { rules: { strategic: 'consensus', execution: 'dictator' as DecisionRule, critical: 'consensus' } });
    expect(() => outcome({ a: vote('yes') }, abc, gov, AFTER)).toThrow(new Error('Unknown decision rule: dictator'));
  });
});

describe('escalation messages', () => {
  const opened = { deadline: DEADLINE, openedAt: T0 };
  it('ESC-1, ESC-2, ESC-3: each escalation says why, and an undecided consensus without a no waits', () => {
    const protectedC = [partner('a'), partner('b'), partner('c', { minorityProtected: true })];
    expect(escalation(decision('d', { ...opened, category: 'critical', votes: { c: vote('veto') } }), protectedC, rules('majority', { vetoCategories: ['critical'] }), BEFORE)).toEqual({
      reason: 'blocked',
      message: 'A minority-protected partner vetoed it: the steering committee should take it up.',
    });
    expect(escalation(decision('d', { ...opened, votes: { a: vote('no') } }), abc, rules('consensus'), BEFORE)).toEqual({
      reason: 'blocked',
      message: 'A partner said no, so consensus cannot form: the steering committee should take it up.',
    });
    expect(escalation(decision('d', { ...opened, votes: { a: vote('yes') } }), abc, rules('consensus'), BEFORE)).toBeNull();
    expect(escalation(decision('d', { ...opened, votes: { a: vote('yes'), b: vote('no') } }), abc, rules('majority'), AFTER)).toEqual({
      reason: 'deadlocked',
      message: 'The operational team is deadlocked: the steering committee should decide.',
    });
  });
});
