import { describe, it, expect } from 'vitest';
import type { Decision, DecisionRule, Governance, Partner, Vote } from '../schema.ts';
import { deadlineProblem, decisionOutcome, defaultGovernance, escalation } from './governance.ts';
import { T0, days, decision, governance, partner, vote } from './testAlliance.ts';
import { wordingOf } from './wording.ts';

const DEADLINE = T0 + days(7);
const BEFORE = T0 + days(1);
const AFTER = DEADLINE + 1;

const abc = [partner('a'), partner('b'), partner('c')];

/** Governance where every category follows `rule`, no vetoes, quorum 0.5. */
function rules(rule: DecisionRule, over: Partial<Governance> = {}): Governance {
  return governance({ rules: { strategic: rule, execution: rule, critical: rule }, vetoCategories: [], ...over });
}

function outcome(
  votes: Record<string, Vote>,
  partners: Partner[],
  gov: Governance,
  now: number,
  category: 'strategic' | 'execution' | 'critical' = 'execution',
) {
  return decisionOutcome(decision('d', { votes, category, deadline: DEADLINE }), partners, gov, now);
}

describe('decision outcome', () => {
  it('GOV-1: active and exiting partners vote; votes from exited or unknown partners are ignored', () => {
    const partners = [partner('a'), partner('b', { status: 'exiting' }), partner('c', { status: 'exited' })];
    const r = outcome(
      { a: vote('yes'), b: vote('yes'), c: vote('no'), ghost: vote('no') },
      partners,
      rules('majority'),
      AFTER,
    );
    expect(r.eligible).toEqual(['a', 'b']);
    expect(r.tally).toMatchObject({ yes: 2, no: 0 });
    expect(r.outcome).toBe('passed');
    expect(r.reasons.join(' ')).toContain('C, ghost');
  });

  it('GOV-2: the quorum is met when counted votes / eligible partners is at least the quorum (equality counts)', () => {
    const four = [...abc, partner('d')];
    const half = rules('majority', { quorum: 0.5 });
    expect(outcome({ a: vote('yes'), b: vote('abstain') }, four, half, AFTER)).toMatchObject({
      quorumMet: true,
      outcome: 'passed',
    });
    expect(outcome({ a: vote('yes') }, four, half, AFTER)).toMatchObject({ quorumMet: false, outcome: 'no-quorum' });
    // 2 of 3 meets a quorum of two thirds, despite floating point.
    expect(outcome({ a: vote('yes'), b: vote('yes') }, abc, rules('majority', { quorum: 2 / 3 }), AFTER).quorumMet).toBe(
      true,
    );
    expect(outcome({ a: vote('yes'), b: vote('yes') }, abc, rules('majority', { quorum: 0.67 }), AFTER)).toMatchObject({
      quorumMet: false,
      outcome: 'no-quorum',
    });
  });

  it('GOV-2: a share within a billionth below the quorum meets it, so float error never loses a quorum', () => {
    // 2 × 0.5000000005 is a billionth over one vote: one of two partners still meets it (the tolerance's edge).
    const two = [partner('a'), partner('b')];
    expect(outcome({ a: vote('yes') }, two, rules('majority', { quorum: 0.5000000005 }), AFTER).quorumMet).toBe(true);
    expect(outcome({ a: vote('yes') }, two, rules('majority', { quorum: 0.500000001 }), AFTER).quorumMet).toBe(false);
  });

  it('DEC-8: a deadline that has passed is refused with a sentence; one at this very moment or later is not', () => {
    expect(deadlineProblem(T0 - 1, T0)).toBe('That deadline has passed: pick today or a later day.');
    expect(deadlineProblem(T0, T0)).toBeNull();
    expect(deadlineProblem(T0 + 1, T0)).toBeNull();
  });

  it('GOV-3: a vote cast exactly at the deadline counts; one after it is shown as late and not counted', () => {
    const r = outcome(
      { a: vote('yes', DEADLINE), b: vote('no', DEADLINE + 1) },
      abc,
      rules('majority', { quorum: 0.3 }),
      AFTER,
    );
    expect(r.tally).toMatchObject({ yes: 1, no: 0 });
    expect(r.lateVotes).toEqual(['b']);
    expect(r.missing).toEqual(['c']);
    expect(r.outcome).toBe('passed');
    expect(r.reasons.join(' ')).toContain('B voted after the deadline');
  });

  it('GOV-13: a vote answers the wording it was cast on: after a reword it is shown, not counted, until its partner votes again', () => {
    const lyon = decision('d', { title: 'Open the Lyon depot', deadline: DEADLINE });
    const reworded = { ...lyon, title: 'Close the Lyon depot' };
    const votes = { a: { ...vote('yes'), on: wordingOf(lyon) }, b: { ...vote('yes'), on: wordingOf(reworded) }, c: vote('no') };
    const r = decisionOutcome({ ...reworded, votes }, abc, rules('majority'), AFTER);
    expect(r.earlierWordingVotes).toEqual(['a']);
    // A vote from before votes named their wording counts as it always did (the relay then keeps the words, AUTH-4).
    expect(r.tally).toMatchObject({ yes: 1, no: 1 });
    expect(r.reasons.join(' ')).toContain('A voted on an earlier wording');
    expect(decisionOutcome({ ...lyon, votes }, abc, rules('majority'), AFTER).earlierWordingVotes).toEqual(['b']);
  });

  it('GOV-13: a vote stored with its wording as null (from before votes named one) counts on any wording', () => {
    const lyon = decision('d', { title: 'Open the Lyon depot', deadline: DEADLINE });
    const votes = { a: { ...vote('yes'), on: null }, b: { ...vote('yes'), on: wordingOf(lyon) }, c: vote('no') };
    const r = decisionOutcome({ ...lyon, title: 'Close the Lyon depot', votes }, abc, rules('majority'), AFTER);
    expect(r.earlierWordingVotes).toEqual(['b']);
    expect(r.tally).toMatchObject({ yes: 1, no: 1 });
  });

  it('GOV-13: a decision given without a title or body reads as the empty wording: a vote on it counts, one on other words does not', () => {
    const { title: _title, body: _body, ...untitled } = decision('d', { category: 'execution', deadline: DEADLINE });
    const empty = wordingOf({ title: '', body: '', category: 'execution', change: null });
    const votes = { a: { ...vote('yes'), on: empty }, b: { ...vote('yes'), on: empty }, c: { ...vote('no'), on: wordingOf(decision('d')) } };
    const r = decisionOutcome({ ...untitled, votes }, abc, rules('majority'), AFTER);
    expect(r.earlierWordingVotes).toEqual(['c']);
    expect(r.tally).toMatchObject({ yes: 2, no: 0 });
    expect(r.outcome).toBe('passed');
  });

  it('GOV-13: the wording is the title, body, category and change; the deadline and votes are not part of it', () => {
    const d = decision('d', { title: 'T', body: 'B', category: 'execution', change: { kind: 'quorum', quorum: 0.5 } });
    const same = wordingOf(d);
    const later: Decision = { ...d, deadline: d.deadline + 1, votes: { a: vote('yes') } };
    expect(wordingOf(later)).toBe(same);
    expect(wordingOf({ ...d, change: { quorum: 0.5, kind: 'quorum' } as typeof d.change })).toBe(same);
    for (const other of [{ title: 'T.' }, { body: 'B.' }, { category: 'critical' as const }, { change: { kind: 'quorum' as const, quorum: 0.6 } }]) {
      expect(wordingOf({ ...d, ...other })).not.toBe(same);
    }
  });

  it('GOV-4: before the deadline (and at it) an uncertain outcome is pending and not final', () => {
    const r = outcome({ a: vote('yes') }, abc, rules('majority'), BEFORE);
    expect(r).toMatchObject({ outcome: 'pending', final: false });
    expect(outcome({ a: vote('yes'), b: vote('no') }, abc, rules('majority'), DEADLINE)).toMatchObject({
      outcome: 'pending',
      final: false,
    });
    expect(outcome({ a: vote('yes'), b: vote('no') }, abc, rules('majority'), AFTER)).toMatchObject({
      outcome: 'deadlocked',
      final: true,
    });
  });

  it('GOV-4: before the deadline the outcome is final once everyone voted or the missing votes cannot change it', () => {
    expect(outcome({ a: vote('yes'), b: vote('no'), c: vote('no') }, abc, rules('majority'), BEFORE)).toMatchObject({
      outcome: 'rejected',
      final: true,
    });
    const five = [...abc, partner('d'), partner('e')];
    // 3 yes against at most 2 no: passed.
    expect(
      outcome({ a: vote('yes'), b: vote('yes'), c: vote('yes') }, five, rules('majority'), BEFORE),
    ).toMatchObject({ outcome: 'passed', final: true });
    // 2 yes, 1 no and 2 missing could still tie: pending.
    expect(
      outcome({ a: vote('yes'), b: vote('yes'), c: vote('no') }, five, rules('majority'), BEFORE),
    ).toMatchObject({ outcome: 'pending', final: false });
  });

  it('GOV-4: a certain result still waits for the quorum before the deadline', () => {
    const five = [...abc, partner('d'), partner('e')];
    const gov = rules('weighted-majority', { quorum: 0.8 });
    const weighted = five.map((p) => ({ ...p, votingWeight: p.id === 'a' ? 10 : 1 }));
    // a alone has more than half the weight, but 1 of 5 votes is below the quorum.
    expect(outcome({ a: vote('yes') }, weighted, gov, BEFORE)).toMatchObject({ outcome: 'pending', final: false });
    expect(outcome({ a: vote('yes') }, weighted, gov, AFTER).outcome).toBe('no-quorum');
  });

  it('GOV-5: after the deadline the result is final, and without quorum it is no-quorum', () => {
    const r = outcome({}, abc, rules('majority'), AFTER);
    expect(r).toMatchObject({ outcome: 'no-quorum', final: true, quorumMet: false, missing: ['a', 'b', 'c'] });
    expect(outcome({}, [], rules('majority'), AFTER).outcome).toBe('no-quorum');
  });

  it('GOV-6: a minority-protected veto on a veto category blocks the decision', () => {
    const partners = [partner('big', { votingWeight: 10 }), partner('mid', { votingWeight: 5 }), partner('small', { minorityProtected: true })];
    const gov = rules('weighted-majority', { vetoCategories: ['critical'] });
    const r = outcome({ big: vote('yes'), mid: vote('yes'), small: vote('veto') }, partners, gov, BEFORE, 'critical');
    expect(r).toMatchObject({ outcome: 'vetoed', final: true });
    expect(r.tally).toMatchObject({ yes: 2, veto: 1, vetoWeight: 1, no: 0 });
    // Even without a quorum.
    expect(outcome({ small: vote('veto') }, partners, gov, AFTER, 'critical').outcome).toBe('vetoed');
  });

  it('GOV-6: a veto outside the veto categories, or from an unprotected partner, counts as a no', () => {
    const partners = [partner('a'), partner('b'), partner('small', { minorityProtected: true })];
    const gov = rules('majority', { vetoCategories: ['critical'] });
    const onExecution = outcome({ a: vote('yes'), b: vote('yes'), small: vote('veto') }, partners, gov, AFTER, 'execution');
    expect(onExecution.outcome).toBe('passed');
    expect(onExecution.tally).toMatchObject({ yes: 2, no: 1, veto: 0 });
    expect(onExecution.reasons.join(' ')).toContain('counts as a no');
    const unprotected = outcome({ a: vote('veto'), b: vote('veto'), small: vote('yes') }, partners, gov, AFTER, 'critical');
    expect(unprotected.outcome).toBe('rejected');
    expect(unprotected.tally).toMatchObject({ no: 2, veto: 0 });
  });

  it('GOV-6: while a minority-protected partner has not voted on a veto category, nothing is certain', () => {
    const partners = [partner('a'), partner('b'), partner('c'), partner('small', { minorityProtected: true })];
    const gov = rules('majority', { vetoCategories: ['critical'] });
    const votes = { a: vote('yes'), b: vote('yes'), c: vote('yes') };
    expect(outcome(votes, partners, gov, BEFORE, 'critical')).toMatchObject({ outcome: 'pending', final: false });
    expect(outcome(votes, partners, gov, BEFORE, 'execution')).toMatchObject({ outcome: 'passed', final: true });
    expect(outcome(votes, partners, gov, AFTER, 'critical')).toMatchObject({ outcome: 'passed', final: true });
  });

  it('GOV-7: consensus passes when everyone said yes or abstained, with at least one yes', () => {
    const gov = rules('consensus');
    expect(outcome({ a: vote('yes'), b: vote('abstain'), c: vote('yes') }, abc, gov, BEFORE)).toMatchObject({
      outcome: 'passed',
      final: true,
    });
    expect(outcome({ a: vote('abstain'), b: vote('abstain'), c: vote('abstain') }, abc, gov, AFTER).outcome).toBe(
      'deadlocked',
    );
  });

  it('GOV-7: under consensus a no deadlocks once everyone voted or the deadline passed, not before', () => {
    const gov = rules('consensus');
    expect(outcome({ a: vote('yes'), b: vote('no') }, abc, gov, BEFORE)).toMatchObject({ outcome: 'pending', final: false });
    expect(outcome({ a: vote('yes'), b: vote('no'), c: vote('yes') }, abc, gov, BEFORE)).toMatchObject({
      outcome: 'deadlocked',
      final: true,
    });
    expect(outcome({ a: vote('yes'), b: vote('no') }, abc, gov, AFTER).outcome).toBe('deadlocked');
  });

  it('GOV-7: under consensus silence is not consent', () => {
    const r = outcome({ a: vote('yes'), b: vote('yes') }, abc, rules('consensus'), AFTER);
    expect(r).toMatchObject({ outcome: 'deadlocked', quorumMet: true, missing: ['c'] });
  });

  it('GOV-8: majority counts votes: yes > no passes, no > yes rejects, a tie deadlocks', () => {
    const gov = rules('majority');
    const four = [...abc, partner('d')];
    expect(outcome({ a: vote('yes'), b: vote('yes'), c: vote('no'), d: vote('abstain') }, four, gov, AFTER).outcome).toBe(
      'passed',
    );
    expect(outcome({ a: vote('no'), b: vote('no'), c: vote('yes') }, four, gov, AFTER).outcome).toBe('rejected');
    expect(outcome({ a: vote('yes'), b: vote('no'), c: vote('abstain') }, four, gov, AFTER).outcome).toBe('deadlocked');
    // Weights do not matter under simple majority.
    const heavy = [partner('a', { votingWeight: 100 }), partner('b'), partner('c')];
    expect(outcome({ a: vote('yes'), b: vote('no'), c: vote('no') }, heavy, gov, AFTER).outcome).toBe('rejected');
  });

  it('GOV-9: weighted majority passes above half the eligible weight and rejects at exactly half against', () => {
    const gov = rules('weighted-majority');
    const w = [partner('a', { votingWeight: 50 }), partner('b', { votingWeight: 30 }), partner('c', { votingWeight: 20 })];
    // Exactly half for: not passed; exactly half against: rejected.
    const halfYes = outcome({ a: vote('yes'), b: vote('abstain') }, w, gov, AFTER);
    expect(halfYes.outcome).toBe('deadlocked');
    expect(halfYes.tally).toMatchObject({ yesWeight: 50, abstainWeight: 30 });
    expect(outcome({ a: vote('no'), b: vote('abstain') }, w, gov, BEFORE)).toMatchObject({ outcome: 'rejected', final: true });
    // The same no alone is below the quorum, so it waits.
    expect(outcome({ a: vote('no') }, w, gov, BEFORE).outcome).toBe('pending');
    expect(outcome({ a: vote('yes'), c: vote('yes') }, w, gov, BEFORE)).toMatchObject({ outcome: 'passed', final: true });
    // 30 yes, 20 no, 50 missing: undecided before the deadline, deadlocked after.
    expect(outcome({ b: vote('yes'), c: vote('no') }, w, gov, BEFORE)).toMatchObject({ outcome: 'pending', final: false });
    expect(outcome({ b: vote('yes'), c: vote('no') }, w, gov, AFTER)).toMatchObject({ outcome: 'deadlocked', final: true });
  });

  it('GOV-4: a missing vote that would bring the no weight to exactly half keeps a weighted majority pending', () => {
    const gov = rules('weighted-majority');
    const w = [partner('a', { votingWeight: 50 }), partner('b', { votingWeight: 25 }), partner('c', { votingWeight: 25 })];
    // 25 against and B's 25 still to come: B voting no would reach half against, a rejection (GOV-9).
    const early = outcome({ a: vote('abstain'), c: vote('no') }, w, gov, BEFORE);
    expect(early).toMatchObject({ outcome: 'pending', final: false, quorumMet: true });
    expect(outcome({ a: vote('abstain'), b: vote('no'), c: vote('no') }, w, gov, BEFORE)).toMatchObject({ outcome: 'rejected', final: true });
    expect(outcome({ a: vote('abstain'), c: vote('no') }, w, gov, AFTER)).toMatchObject({ outcome: 'deadlocked', final: true });
  });

  it('GOV-9: weighted majority counts non-voters in the total weight', () => {
    const gov = rules('weighted-majority', { quorum: 0.5 });
    const w = [partner('a', { votingWeight: 40 }), partner('b', { votingWeight: 20 }), partner('c', { votingWeight: 40 })];
    // 40 + 20 yes of 100: passes; 40 yes alone of 100 with 20 against: not enough.
    expect(outcome({ a: vote('yes'), b: vote('yes') }, w, gov, AFTER).outcome).toBe('passed');
    expect(outcome({ a: vote('yes'), b: vote('no') }, w, gov, AFTER).outcome).toBe('deadlocked');
  });

  it('GOV-9: with no voting weight at all nothing passes', () => {
    const zero = abc.map((p) => ({ ...p, votingWeight: 0 }));
    expect(outcome({ a: vote('yes'), b: vote('yes'), c: vote('yes') }, zero, rules('weighted-majority'), AFTER).outcome).toBe(
      'deadlocked',
    );
  });

  it("GOV-10: under lead-partner the lead's vote decides and the others advise", () => {
    const gov = rules('lead-partner', { leadPartnerId: 'a' });
    expect(outcome({ a: vote('yes'), b: vote('no'), c: vote('no') }, abc, gov, AFTER).outcome).toBe('passed');
    expect(outcome({ a: vote('no'), b: vote('yes') }, abc, gov, BEFORE)).toMatchObject({ outcome: 'rejected', final: true });
    expect(outcome({ b: vote('yes'), c: vote('yes') }, abc, gov, BEFORE)).toMatchObject({ outcome: 'pending', final: false });
    expect(outcome({ b: vote('yes'), c: vote('yes') }, abc, gov, AFTER).outcome).toBe('deadlocked');
    expect(outcome({ a: vote('abstain'), b: vote('yes') }, abc, gov, AFTER).outcome).toBe('deadlocked');
  });

  it('GOV-10: lead-partner without a (voting) lead falls back to majority and says so', () => {
    const none = outcome({ a: vote('no'), b: vote('no'), c: vote('yes') }, abc, rules('lead-partner'), AFTER);
    expect(none).toMatchObject({ outcome: 'rejected', rule: 'majority' });
    expect(none.reasons.join(' ')).toContain('No lead partner is set, so the majority decides.');
    const gone = [partner('lead', { status: 'exited' }), ...abc];
    const r = outcome({ lead: vote('yes'), a: vote('no'), b: vote('no') }, gone, rules('lead-partner', { leadPartnerId: 'lead' }), AFTER);
    expect(r).toMatchObject({ outcome: 'rejected', rule: 'majority' });
    expect(r.reasons.join(' ')).toContain('no longer votes');
  });

  it('GOV-11: the default governance is consensus on strategy, lead partner on execution, vetoes on critical', () => {
    const g = defaultGovernance();
    expect(g.rules).toEqual({ strategic: 'consensus', execution: 'lead-partner', critical: 'weighted-majority' });
    expect(g.vetoCategories).toEqual(['critical']);
    expect(g.quorum).toBe(0.5);
    // A fresh value each time: callers may mutate theirs.
    expect(defaultGovernance()).not.toBe(g);
  });
});

describe('escalation', () => {
  const opened = { openedAt: T0, deadline: DEADLINE };

  it('ESC-1: steering decisions, and decisions no longer open, never escalate', () => {
    const votes = { a: vote('yes'), b: vote('no') };
    const gov = rules('consensus');
    expect(escalation(decision('d', { ...opened, votes, level: 'steering' }), abc, gov, AFTER)).toBeNull();
    expect(escalation(decision('d', { ...opened, votes, status: 'escalated' }), abc, gov, AFTER)).toBeNull();
    expect(escalation(decision('d', { ...opened, votes, status: 'decided' }), abc, gov, AFTER)).toBeNull();
    expect(escalation(decision('d', { ...opened, votes }), abc, gov, AFTER)?.reason).toBe('blocked');
  });

  it('ESC-2: a veto or a no under consensus blocks the decision, even before the deadline', () => {
    const partners = [partner('a'), partner('b'), partner('small', { minorityProtected: true })];
    const vetoed = decision('d', { ...opened, category: 'critical', votes: { small: vote('veto') } });
    expect(escalation(vetoed, partners, rules('majority', { vetoCategories: ['critical'] }), BEFORE)?.reason).toBe('blocked');
    const no = decision('d', { ...opened, votes: { a: vote('no') } });
    expect(escalation(no, abc, rules('consensus'), BEFORE)?.reason).toBe('blocked');
    expect(escalation(no, abc, rules('majority'), BEFORE)).toBeNull();
  });

  it('ESC-3: a deadlocked operational decision escalates', () => {
    const tie = decision('d', { ...opened, votes: { a: vote('yes'), b: vote('no') } });
    expect(escalation(tie, abc, rules('majority'), AFTER)).toMatchObject({ reason: 'deadlocked' });
    expect(escalation(tie, abc, rules('majority'), BEFORE)).toBeNull();
  });

  it('ESC-4: an operational decision still undecided after the time limit escalates (strictly after)', () => {
    const gov = rules('majority', { operationalTimeLimitDays: 14, quorum: 1 });
    const limit = T0 + days(14);
    const open = decision('d', { openedAt: T0, deadline: T0 + days(30), votes: { a: vote('yes') } });
    expect(escalation(open, abc, gov, limit)).toBeNull();
    expect(escalation(open, abc, gov, limit + 1)).toMatchObject({ reason: 'time-limit' });
    expect(escalation(open, abc, gov, limit + 1)?.message).toContain('14 days');
    // No quorum after the deadline is undecided too.
    const noQuorum = decision('d', { openedAt: T0, deadline: T0 + days(7), votes: {} });
    expect(escalation(noQuorum, abc, gov, limit + 1)?.reason).toBe('time-limit');
  });

  it('ESC-5: a passed or rejected decision does not escalate on time', () => {
    const gov = rules('majority', { operationalTimeLimitDays: 14 });
    const late = T0 + days(20);
    const passed = decision('d', { ...opened, votes: { a: vote('yes'), b: vote('yes') } });
    const rejected = decision('d', { ...opened, votes: { a: vote('no'), b: vote('no') } });
    expect(escalation(passed, abc, gov, late)).toBeNull();
    expect(escalation(rejected, abc, gov, late)).toBeNull();
  });
});
