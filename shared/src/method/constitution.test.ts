import { describe, expect, it } from 'vitest';
import { constitutionChange, type Decision } from '../schema.ts';
import { DocumentError } from '../document/documentError.ts';
import {
  CLOCK_SKEW_MS,
  acceptsValue,
  describeChange,
  dueExitEffect,
  escalationEffect,
  expectedEffect,
  passedChange,
  ruledWrites,
} from './constitution.ts';
import { days, decision, governance, partner, T0, testAlliance, vote } from './testAlliance.ts';

const now = T0 + days(1);
const partners = [partner('tech', { name: 'TechCo' }), partner('logi', { name: 'LogiCorp' }), partner('green', { name: 'Green' })];

function view(decisions: Decision[], over: Parameters<typeof governance>[0] = {}) {
  return testAlliance({ partners, decisions, governance: governance({ quorum: 2 / 3, ...over }) });
}

const quorumChange = (votes: Decision['votes'], over: Partial<Decision> = {}) =>
  decision('d1', { category: 'critical', change: { kind: 'quorum', quorum: 0.5 }, votes, ...over });

describe('constitution changes as decisions', () => {
  it('GOV-14: votes that arrive after a decision was withdrawn or decided are kept and change nothing: no outcome, no change', () => {
    const allYes = { tech: vote('yes'), logi: vote('yes'), green: vote('yes') };
    for (const status of ['withdrawn', 'decided'] as const) {
      const closed = quorumChange(allYes, { status, outcome: status === 'decided' ? 'rejected' : null });
      expect(expectedEffect('d1', view([closed]), now)).toBeNull();
      expect(passedChange(closed, view([closed]), now)).toBeNull();
      expect(ruledWrites(view([closed]), now)).toEqual([]);
    }
  });

  it('CHG-1: a change is read with the same bounds as the setting it changes, and said in the method\'s words', () => {
    expect(constitutionChange({ kind: 'quorum', quorum: 0.5 }, 'change')).toEqual({ kind: 'quorum', quorum: 0.5 });
    expect(() => constitutionChange({ kind: 'quorum', quorum: 2 }, 'change')).toThrow(DocumentError);
    expect(() => constitutionChange({ kind: 'voting-weight', partnerId: '__proto__', weight: 1 }, 'change')).toThrow(DocumentError);
    expect(() => constitutionChange({ kind: 'rename-everything' }, 'change')).toThrow(DocumentError);
    const v = view([]);
    expect(describeChange({ kind: 'quorum', quorum: 0.5 }, v)).toBe('Change quorum from 67 % to 50 %');
    expect(describeChange({ kind: 'rule', category: 'strategic', rule: 'majority' }, v)).toBe('Decide strategic decisions by majority instead of consensus');
    expect(describeChange({ kind: 'voting-weight', partnerId: 'logi', weight: 2 }, v)).toBe("Change LogiCorp's voting weight from 1 to 2");
    expect(describeChange({ kind: 'exit', partnerId: 'green', effectiveAt: Date.UTC(2025, 2, 1) }, v)).toBe('Green leaves the alliance, effective 2025-03-01');
    expect(describeChange({ kind: 'veto-categories', categories: ['strategic', 'critical'] }, v)).toBe(
      'Let minority-protected partners veto strategic and critical decisions (now critical decisions)',
    );
  });

  it('CHG-2: a change is earned only when the rules in force give its decision passed, finally, and it is not applied', () => {
    // Weighted majority on critical: two of three equal weights say yes.
    const passed = quorumChange({ tech: vote('yes'), logi: vote('yes') });
    expect(passedChange(passed, view([passed]), now)).toEqual({ kind: 'quorum', quorum: 0.5 });
    const pending = quorumChange({ tech: vote('yes') });
    expect(passedChange(pending, view([pending]), now)).toBeNull();
    const rejected = quorumChange({ tech: vote('no'), logi: vote('no') });
    expect(passedChange(rejected, view([rejected]), now)).toBeNull();
    const applied = quorumChange({ tech: vote('yes'), logi: vote('yes') }, { appliedAt: now });
    expect(passedChange(applied, view([applied]), now)).toBeNull();
    const withdrawn = quorumChange({ tech: vote('yes'), logi: vote('yes') }, { status: 'withdrawn' });
    expect(passedChange(withdrawn, view([withdrawn]), now)).toBeNull();
  });

  it('CHG-3: a passed change allows exactly its field, outcome passed, status decided and appliedAt now', () => {
    const passed = quorumChange({ tech: vote('yes'), logi: vote('yes') });
    const writes = expectedEffect('d1', view([passed]), now)!;
    expect(writes.map((w) => [w.place, w.accepts])).toEqual([
      [{ kind: 'decision', decisionId: 'd1', field: 'outcome' }, { oneOf: ['passed'] }],
      [{ kind: 'decision', decisionId: 'd1', field: 'status' }, { oneOf: ['decided'] }],
      [{ kind: 'decision', decisionId: 'd1', field: 'appliedAt' }, { between: [now - CLOCK_SKEW_MS, now + CLOCK_SKEW_MS] }],
      [{ kind: 'governance', field: 'quorum' }, { oneOf: [0.5] }],
    ]);
  });

  it('CHG-3: an exit applied by decision gives notice now and takes effect on its date', () => {
    const exit = decision('d1', { category: 'critical', change: { kind: 'exit', partnerId: 'green', effectiveAt: now + days(90) }, votes: { tech: vote('yes'), logi: vote('yes') } });
    const writes = expectedEffect('d1', view([exit]), now)!.filter((w) => w.place.kind === 'partner');
    expect(writes.map((w) => [w.place, w.accepts])).toEqual([
      [{ kind: 'partner', partnerId: 'green', field: 'status' }, { oneOf: ['exiting'] }],
      [{ kind: 'partner', partnerId: 'green', field: 'exitNoticeAt' }, { between: [now - CLOCK_SKEW_MS, now + CLOCK_SKEW_MS] }],
      [{ kind: 'partner', partnerId: 'green', field: 'exitEffectiveAt' }, { oneOf: [now + days(90)] }],
    ]);
  });

  it('CHG-4: a decision\'s outcome is the one the rules give, and only once it is final', () => {
    const rejected = decision('d1', { category: 'critical', votes: { tech: vote('no'), logi: vote('no') } });
    const writes = expectedEffect('d1', view([rejected]), now)!;
    expect(writes.map((w) => [w.place, w.accepts])).toEqual([
      [{ kind: 'decision', decisionId: 'd1', field: 'outcome' }, { oneOf: ['rejected'] }],
      [{ kind: 'decision', decisionId: 'd1', field: 'status' }, { oneOf: ['decided'] }],
    ]);
    const pending = decision('d1', { category: 'critical', votes: { tech: vote('yes') } });
    expect(expectedEffect('d1', view([pending]), now)).toBeNull();
    expect(expectedEffect('missing', view([pending]), now)).toBeNull();
  });

  it('CHG-5: escalation is allowed only when the rules call it due', () => {
    const stale = decision('d1', { category: 'strategic', openedAt: T0 - days(20), deadline: T0 + days(30) });
    const writes = escalationEffect('d1', view([stale]), now)!;
    expect(writes.map((w) => w.place)).toEqual(['level', 'status', 'escalatedAt', 'escalationReason', 'deadline'].map((field) => ({ kind: 'decision', decisionId: 'd1', field })));
    const deadline = writes.find((w) => w.place.kind === 'decision' && w.place.field === 'deadline')!;
    expect(acceptsValue(deadline.accepts, now + days(30))).toBe(true);
    expect(acceptsValue(deadline.accepts, now + days(300))).toBe(false);
    const fresh = decision('d1', { category: 'strategic', openedAt: T0 });
    expect(escalationEffect('d1', view([fresh]), now)).toBeNull();
  });

  it('CHG-6: a rule due within the clock skew is admitted, one due later is not', () => {
    const limit = T0 + days(14);
    const nearly = decision('d1', { category: 'strategic', openedAt: T0, deadline: T0 + days(30) });
    expect(escalationEffect('d1', view([nearly]), limit - CLOCK_SKEW_MS + 1)).not.toBeNull();
    expect(escalationEffect('d1', view([nearly]), limit - CLOCK_SKEW_MS - 1)).toBeNull();
  });

  it('CHG-7: an exiting partner whose exit took effect may be marked exited by anyone\'s session', () => {
    expect(dueExitEffect(partner('green', { status: 'exiting', exitEffectiveAt: now - 1 }), now)?.accepts).toEqual({ oneOf: ['exited'] });
    expect(dueExitEffect(partner('green', { status: 'exiting', exitEffectiveAt: now + days(1) }), now)).toBeNull();
    expect(dueExitEffect(partner('green', { status: 'active' }), now)).toBeNull();
    const v = testAlliance({ partners: [partner('green', { status: 'exiting', exitEffectiveAt: now })] });
    expect(ruledWrites(v, now)).toHaveLength(1);
  });
});
