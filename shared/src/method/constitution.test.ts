import { describe, expect, it } from 'vitest';
import { constitutionChange, type CharterVersionSummary, type ConstitutionChange, type Decision } from '../schema.ts';
import { encodingHash, MAX_VERSION_CHARS } from '../document/charterVersion.ts';
import { DocumentError } from '../document/documentError.ts';
import {
  CLOCK_SKEW_MS,
  REPEAT_WINDOW_MS,
  acceptsValue,
  alreadyProposed,
  describeChange,
  dueExitEffect,
  escalationEffect,
  expectedEffect,
  finalOutcome,
  honestValue,
  passedChange,
  pendingChanges,
  repeatedEffect,
  ruledWrites,
  type RuledWrite,
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

  it('CHG-6: a session whose clock is behind may still escalate a decision that was due by its clock, until the votes answered it', () => {
    // Five partners deciding by majority, two yes: undecided until the deadline, passed once it is over.
    const five = testAlliance({ partners: [...partners, partner('blue'), partner('red')], governance: governance({ quorum: 0.4, rules: { strategic: 'majority', execution: 'lead-partner', critical: 'weighted-majority' } }) });
    const deadline = T0 + days(14) + 2 * CLOCK_SKEW_MS;
    const late = decision('d1', { category: 'strategic', openedAt: T0, deadline, votes: { tech: vote('yes'), logi: vote('yes') } });
    const at = (when: number) => escalationEffect('d1', { ...five, decisions: [late] }, when);
    expect(at(deadline + CLOCK_SKEW_MS / 2)).not.toBeNull();
    expect(at(deadline + CLOCK_SKEW_MS + 1)).toBeNull();
  });

  it('CHG-7: an exiting partner whose exit took effect may be marked exited by anyone\'s session', () => {
    expect(dueExitEffect(partner('green', { status: 'exiting', exitEffectiveAt: now - 1 }), now)?.accepts).toEqual({ oneOf: ['exited'] });
    expect(dueExitEffect(partner('green', { status: 'exiting', exitEffectiveAt: now + days(1) }), now)).toBeNull();
    expect(dueExitEffect(partner('green', { status: 'active' }), now)).toBeNull();
    const v = testAlliance({ partners: [partner('green', { status: 'exiting', exitEffectiveAt: now })] });
    expect(ruledWrites(v, now)).toHaveLength(1);
  });

  it('CHG-1: every kind of change reads in the method\'s words, against the settings in force', () => {
    const v = testAlliance({ partners, governance: governance({ leadPartnerId: 'tech', operationalTimeLimitDays: 14, steeringTimeLimitDays: 1, vetoCategories: [] }) });
    const said = (change: ConstitutionChange) => describeChange(change, v);
    expect(said({ kind: 'lead-partner', partnerId: 'logi' })).toBe('Make LogiCorp the lead partner');
    expect(said({ kind: 'lead-partner', partnerId: null })).toBe('Have no lead partner (now TechCo)');
    expect(said({ kind: 'operational-time-limit', days: 1 })).toBe('Give the operational team 1 day instead of 14 days before escalating');
    expect(said({ kind: 'steering-time-limit', days: 30 })).toBe('Give the steering committee 30 days instead of 1 day to decide');
    expect(said({ kind: 'veto-categories', categories: ['critical'] })).toBe('Let minority-protected partners veto critical decisions (now no decisions)');
    expect(said({ kind: 'minority-protection', partnerId: 'green', protected: true })).toBe('Give Green minority protection');
    expect(said({ kind: 'minority-protection', partnerId: 'green', protected: false })).toBe("End Green's minority protection");
    // A change naming a partner the alliance does not hold (a peer's stale or forged proposal) still reads.
    expect(said({ kind: 'voting-weight', partnerId: 'gone', weight: 2 })).toBe("Change an unknown partner's voting weight from 0 to 2");
    expect(said({ kind: 'lead-partner', partnerId: 'gone' })).toBe('Make an unknown partner the lead partner');
    // A ratification names its version by the start of its text's hash, short enough for a title.
    expect(said({ kind: 'ratify-charter', versionId: 'v1', hash: '0123456789ab' + 'f'.repeat(52) })).toBe('Ratify the charter as kept in its history (text hash 0123456789ab…)');
  });

  it('CHG-3: each kind of change, once passed, allows exactly the setting it changes and nothing else, as AUTH-11', () => {
    const effectOf = (change: ConstitutionChange) => {
      const d = decision('d1', { category: 'critical', change, votes: { tech: vote('yes'), logi: vote('yes') } });
      const writes = expectedEffect('d1', view([d]), now)!;
      expect(writes.every((w) => w.rule === 'AUTH-11' && w.decisionId === 'd1')).toBe(true);
      return writes.filter((w) => w.place.kind !== 'decision').map((w) => [w.place, w.accepts]);
    };
    expect(effectOf({ kind: 'rule', category: 'strategic', rule: 'majority' })).toEqual([[{ kind: 'governance', field: 'strategicRule' }, { oneOf: ['majority'] }]]);
    expect(effectOf({ kind: 'lead-partner', partnerId: 'logi' })).toEqual([[{ kind: 'governance', field: 'leadPartnerId' }, { oneOf: ['logi'] }]]);
    expect(effectOf({ kind: 'operational-time-limit', days: 7 })).toEqual([[{ kind: 'governance', field: 'operationalTimeLimitDays' }, { oneOf: [7] }]]);
    expect(effectOf({ kind: 'steering-time-limit', days: 10 })).toEqual([[{ kind: 'governance', field: 'steeringTimeLimitDays' }, { oneOf: [10] }]]);
    expect(effectOf({ kind: 'veto-categories', categories: ['critical', 'strategic'] })).toEqual([[{ kind: 'governance', field: 'vetoCategories' }, { oneOf: [['critical', 'strategic']] }]]);
    expect(effectOf({ kind: 'voting-weight', partnerId: 'logi', weight: 3 })).toEqual([[{ kind: 'partner', partnerId: 'logi', field: 'votingWeight' }, { oneOf: [3] }]]);
    expect(effectOf({ kind: 'minority-protection', partnerId: 'green', protected: true })).toEqual([[{ kind: 'partner', partnerId: 'green', field: 'minorityProtected' }, { oneOf: [true] }]]);
  });

  it('CHG-3, CHG-6: an exit applied around its effective date marks the partner exited or exiting, either while clocks may differ', () => {
    const statusAt = (effectiveAt: number) => {
      const d = decision('d1', { category: 'critical', change: { kind: 'exit', partnerId: 'green', effectiveAt }, votes: { tech: vote('yes'), logi: vote('yes') } });
      return expectedEffect('d1', view([d]), now)!.find((w) => w.place.kind === 'partner' && w.place.field === 'status')!.accepts;
    };
    expect(statusAt(now - days(1))).toEqual({ oneOf: ['exited'] });
    expect(statusAt(now - CLOCK_SKEW_MS)).toEqual({ oneOf: ['exited'] });
    expect(statusAt(now - CLOCK_SKEW_MS + 1)).toEqual({ oneOf: ['exited', 'exiting'] });
    expect(statusAt(now)).toEqual({ oneOf: ['exited', 'exiting'] });
    expect(statusAt(now + 1)).toEqual({ oneOf: ['exiting', 'exited'] });
    expect(statusAt(now + CLOCK_SKEW_MS)).toEqual({ oneOf: ['exiting', 'exited'] });
    expect(statusAt(now + CLOCK_SKEW_MS + 1)).toEqual({ oneOf: ['exiting'] });
    // Either status is admitted near the date, whichever a peer's clock chose.
    expect(acceptsValue(statusAt(now), 'exiting')).toBe(true);
    expect(acceptsValue(statusAt(now), 'exited')).toBe(true);
    expect(acceptsValue(statusAt(now + CLOCK_SKEW_MS + 1), 'exited')).toBe(false);
  });

  it('CHG-3, CHG-6: the relay admits exactly the value a change allows: a time within the window, the same list in the same order', () => {
    const d = decision('d1', { category: 'critical', change: { kind: 'veto-categories', categories: ['critical', 'strategic'] }, votes: { tech: vote('yes'), logi: vote('yes') } });
    const writes = expectedEffect('d1', view([d]), now)!;
    const at = (field: string) => writes.find((w) => 'field' in w.place && w.place.field === field)!.accepts;
    const applied = at('appliedAt');
    expect(acceptsValue(applied, now - CLOCK_SKEW_MS)).toBe(true);
    expect(acceptsValue(applied, now + CLOCK_SKEW_MS)).toBe(true);
    expect(acceptsValue(applied, now - CLOCK_SKEW_MS - 1)).toBe(false);
    expect(acceptsValue(applied, now + CLOCK_SKEW_MS + 1)).toBe(false);
    expect(acceptsValue(applied, String(now))).toBe(false);
    const veto = at('vetoCategories');
    expect(acceptsValue(veto, ['critical', 'strategic'])).toBe(true);
    expect(acceptsValue(veto, ['strategic', 'critical'])).toBe(false);
    expect(acceptsValue(veto, ['critical', 'execution'])).toBe(false);
    expect(acceptsValue(veto, ['critical'])).toBe(false);
    expect(acceptsValue(veto, ['critical', 'strategic', 'execution'])).toBe(false);
    expect(acceptsValue(veto, 'critical,strategic')).toBe(false);
    // No veto categories at all is an empty list, not an empty text; no lead partner is null, not a list.
    const none = decision('d1', { category: 'critical', change: { kind: 'veto-categories', categories: [] }, votes: { tech: vote('yes'), logi: vote('yes') } });
    const emptied = expectedEffect('d1', view([none]), now)!.find((w) => w.place.kind === 'governance')!.accepts;
    expect(acceptsValue(emptied, [])).toBe(true);
    expect(acceptsValue(emptied, '')).toBe(false);
    const noLead = decision('d1', { category: 'critical', change: { kind: 'lead-partner', partnerId: null }, votes: { tech: vote('yes'), logi: vote('yes') } });
    const unset = expectedEffect('d1', view([noLead]), now)!.find((w) => w.place.kind === 'governance')!.accepts;
    expect(acceptsValue(unset, null)).toBe(true);
    expect(acceptsValue(unset, [null])).toBe(false);
  });

  it('CHG-3: the effect is the named decision\'s, whichever others the alliance holds', () => {
    const other = decision('d0', { category: 'critical', votes: { tech: vote('yes') } });
    const passed = quorumChange({ tech: vote('yes'), logi: vote('yes') });
    expect(expectedEffect('d1', view([other, passed]), now)?.map((w) => w.place)).toContainEqual({ kind: 'governance', field: 'quorum' });
    const stale = decision('d2', { category: 'strategic', openedAt: T0 - days(20), deadline: T0 + days(30) });
    expect(escalationEffect('d2', view([other, stale]), now)).not.toBeNull();
    expect(escalationEffect('missing', view([other, stale]), now)).toBeNull();
  });

  it('GOV-14: a withdrawn decision has no outcome, whatever its votes say', () => {
    const allYes = { tech: vote('yes'), logi: vote('yes'), green: vote('yes') };
    const withdrawn = quorumChange(allYes, { status: 'withdrawn' });
    expect(finalOutcome(withdrawn, view([withdrawn]), now)).toBeNull();
    expect(finalOutcome({ ...withdrawn, status: 'open' }, view([withdrawn]), now)).toBe('passed');
  });

  it('GOV-15: a decision withdrawn within the repeat window may still be closed as it stood; withdrawn earlier, or unstamped, it may not', () => {
    const allYes = { tech: vote('yes'), logi: vote('yes'), green: vote('yes') };
    const withdrawnAt = (at: number | null) => view([quorumChange(allYes, { status: 'withdrawn', withdrawnAt: at })]);
    expect(expectedEffect('d1', withdrawnAt(now - REPEAT_WINDOW_MS), now)).not.toBeNull();
    expect(expectedEffect('d1', withdrawnAt(now + REPEAT_WINDOW_MS), now)).not.toBeNull();
    expect(expectedEffect('d1', withdrawnAt(now - REPEAT_WINDOW_MS - 1), now)).toBeNull();
    expect(expectedEffect('d1', withdrawnAt(null), now)).toBeNull();
  });

  it('CHG-5: an escalation is the steering committee\'s, stamped now, and never shortens the deadline', () => {
    const stale = decision('d1', { category: 'strategic', openedAt: T0 - days(20), deadline: T0 + days(10) });
    const writes = escalationEffect('d1', view([stale]), now)!;
    expect(writes.every((w) => w.rule === 'AUTH-12' && w.decisionId === 'd1')).toBe(true);
    const reason = writes.find((w) => w.place.kind === 'decision' && w.place.field === 'escalationReason')!.accepts;
    expect(acceptsValue(reason, 'The operational team is deadlocked.')).toBe(true);
    expect(acceptsValue(reason, 42)).toBe(false);
    const deadline = writes.find((w) => w.place.kind === 'decision' && w.place.field === 'deadline')!.accepts;
    // At least the steering time (30 days by default) from the earliest stamp the skew allows.
    expect(acceptsValue(deadline, now - CLOCK_SKEW_MS + days(30))).toBe(true);
    expect(acceptsValue(deadline, now - CLOCK_SKEW_MS + days(30) - 1)).toBe(false);
    expect(acceptsValue(deadline, T0 + days(10))).toBe(false);
    // A deadline already later than that is kept as it is.
    const late = decision('d1', { category: 'strategic', openedAt: T0 - days(20), deadline: T0 + days(90) });
    const kept = escalationEffect('d1', view([late]), now)!.find((w) => w.place.kind === 'decision' && w.place.field === 'deadline')!.accepts;
    expect(kept).toEqual({ between: [T0 + days(90), T0 + days(90)] });
  });

  it('CHG-5: a decided decision is never escalated, even when its votes would block it', () => {
    const blocked = decision('d1', { category: 'strategic', status: 'decided', outcome: 'rejected', votes: { tech: vote('no') } });
    expect(escalationEffect('d1', view([blocked]), now)).toBeNull();
    expect(escalationEffect('d1', view([{ ...blocked, status: 'open', outcome: null }]), now)).not.toBeNull();
  });

  it('CHG-7: only an exiting partner with a due effective date is marked exited, by that very write', () => {
    const due = dueExitEffect(partner('green', { status: 'exiting', exitEffectiveAt: now + CLOCK_SKEW_MS }), now);
    expect(due).toEqual({ place: { kind: 'partner', partnerId: 'green', field: 'status' }, accepts: { oneOf: ['exited'] }, decisionId: null, rule: 'AUTH-11' });
    expect(dueExitEffect(partner('green', { status: 'exiting', exitEffectiveAt: now + CLOCK_SKEW_MS + 1 }), now)).toBeNull();
    expect(dueExitEffect(partner('green', { status: 'exiting', exitEffectiveAt: null }), now)).toBeNull();
    expect(dueExitEffect(partner('green', { status: 'exited', exitEffectiveAt: now - days(1) }), now)).toBeNull();
    expect(dueExitEffect(partner('green', { status: 'active', exitEffectiveAt: now - days(1) }), now)).toBeNull();
  });
});

describe('a change or escalation made again by a second session (CHG-8)', () => {
  const applied = (change: ConstitutionChange, over: Partial<Decision> = {}) =>
    decision('d1', { category: 'critical', status: 'decided', outcome: 'passed', change, appliedAt: now - CLOCK_SKEW_MS, votes: { tech: vote('yes'), logi: vote('yes') }, ...over });
  const settings = (writes: RuledWrite[] | null) => writes?.map((w) => [w.place, w.accepts, w.rule]) ?? null;

  it('CHG-8: a change applied moments ago may be written again while its settings still hold its values', () => {
    const rule = applied({ kind: 'rule', category: 'strategic', rule: 'majority' });
    const ruled = (rules: Parameters<typeof governance>[0]) => testAlliance({ partners, decisions: [rule], governance: governance(rules) });
    expect(settings(repeatedEffect('d1', ruled({ rules: { strategic: 'majority', execution: 'lead-partner', critical: 'weighted-majority' } }), now))).toEqual([
      [{ kind: 'governance', field: 'strategicRule' }, { oneOf: ['majority'] }, 'AUTH-11'],
    ]);
    expect(repeatedEffect('d1', ruled({}), now)).toBeNull();
    const quorum = applied({ kind: 'quorum', quorum: 0.5 });
    expect(settings(repeatedEffect('d1', testAlliance({ partners, decisions: [quorum], governance: governance({ quorum: 0.5 }) }), now))).toEqual([
      [{ kind: 'governance', field: 'quorum' }, { oneOf: [0.5] }, 'AUTH-11'],
    ]);
    const weight = applied({ kind: 'voting-weight', partnerId: 'logi', weight: 3 });
    const weighed = [partner('tech'), partner('logi', { votingWeight: 3 })];
    expect(settings(repeatedEffect('d1', testAlliance({ partners: weighed, decisions: [weight] }), now))).toEqual([
      [{ kind: 'partner', partnerId: 'logi', field: 'votingWeight' }, { oneOf: [3] }, 'AUTH-11'],
    ]);
  });

  it('CHG-8: a stale application never overwrites a later change, nor names a partner the alliance does not hold', () => {
    const exit = applied({ kind: 'exit', partnerId: 'green', effectiveAt: now + days(90) });
    const exiting = (effectiveAt: number) => testAlliance({ partners: [partner('tech'), partner('green', { status: 'exiting', exitNoticeAt: now, exitEffectiveAt: effectiveAt })], decisions: [exit] });
    expect(repeatedEffect('d1', exiting(now + days(90)), now)).not.toBeNull();
    // A later decision moved the exit date: the first one's is not written back.
    expect(repeatedEffect('d1', exiting(now + days(30)), now)).toBeNull();
    const weight = applied({ kind: 'voting-weight', partnerId: 'gone', weight: 3 });
    expect(repeatedEffect('d1', testAlliance({ partners, decisions: [weight] }), now)).toBeNull();
  });

  it('CHG-8: only a passed decision applied within the repeat window is applied again', () => {
    const quorum = (over: Partial<Decision>) => testAlliance({ partners, decisions: [decision('d0'), applied({ kind: 'quorum', quorum: 0.5 }, over)], governance: governance({ quorum: 0.5 }) });
    expect(repeatedEffect('d1', quorum({}), now)).not.toBeNull();
    expect(repeatedEffect('d1', quorum({ appliedAt: now - REPEAT_WINDOW_MS - 1 }), now)).toBeNull();
    // A rejected decision that bears an application stamp (a forged one) changes nothing.
    expect(repeatedEffect('d1', quorum({ outcome: 'rejected' }), now)).toBeNull();
    expect(repeatedEffect('d1', quorum({ status: 'open', outcome: null }), now)).toBeNull();
    expect(repeatedEffect('missing', quorum({}), now)).toBeNull();
  });

  it('CHG-8: an escalation made moments ago may be made again, with its own stamp plus the steering time or the deadline held', () => {
    const escalated = (over: Partial<Decision>) =>
      testAlliance({ partners, decisions: [decision('d1', { category: 'strategic', level: 'steering', status: 'escalated', escalatedAt: now - CLOCK_SKEW_MS, deadline: T0 + days(60), ...over })] });
    const writes = repeatedEffect('d1', escalated({}), now)!;
    expect(writes.every((w) => w.rule === 'AUTH-12')).toBe(true);
    const deadlines = writes.filter((w) => w.place.kind === 'decision' && w.place.field === 'deadline').map((w) => w.accepts);
    expect(deadlines).toEqual([{ between: [now - 2 * CLOCK_SKEW_MS + days(30), now + CLOCK_SKEW_MS + days(30)] }, { oneOf: [T0 + days(60)] }]);
    expect(repeatedEffect('d1', escalated({ escalatedAt: now - REPEAT_WINDOW_MS - 1 }), now)).toBeNull();
    // Only an escalation to the steering committee is made again: a decision marked escalated but left at the
    // operational level (a partial write) is not.
    expect(repeatedEffect('d1', escalated({ level: 'operational' }), now)).toBeNull();
    // Decided since, it is not escalated again.
    expect(repeatedEffect('d1', escalated({ status: 'decided', outcome: 'passed' }), now)).toBeNull();
  });
});

describe('what the relay admits as a change\'s value, and a ratification\'s record (CHG-3, RAT-2, AUTH-18)', () => {
  it('CHG-3, AUTH-11: a setting is admitted only as the value the change gives, never an entry in its place', () => {
    const passed = quorumChange({ tech: vote('yes'), logi: vote('yes') });
    const quorum = expectedEffect('d1', view([passed]), now)!.find((w) => w.place.kind === 'governance')!.accepts;
    expect(acceptsValue(quorum, 0.5)).toBe(true);
    // An entry has no keys a number lacks: it must still not pass for the number.
    expect(acceptsValue(quorum, {})).toBe(false);
    expect(acceptsValue(quorum, { quorum: 0.5 })).toBe(false);
  });

  it('AUTH-18, RAT-2: a ratified text is admitted only as a text no longer than a version may hold, whose hash is the one voted', () => {
    const longest = 'a'.repeat(MAX_VERSION_CHARS);
    expect(acceptsValue({ hashOf: encodingHash(longest) }, longest)).toBe(true);
    const tooLong = `${longest}a`;
    expect(acceptsValue({ hashOf: encodingHash(tooLong) }, tooLong)).toBe(false);
    // The same characters in another shape are not a text, though they encode to the same bytes.
    expect(acceptsValue({ hashOf: encodingHash('We share the harbour.') }, ['We share the harbour.'])).toBe(false);
    expect(acceptsValue({ hashOf: encodingHash('42') }, 42)).toBe(false);
    expect(acceptsValue({ hashOf: encodingHash('We share the harbour.') }, 'We own the harbour.')).toBe(false);
  });

  const text = 'We share the harbour.';
  const version: CharterVersionSummary = { id: 'v1', at: T0, kind: 'named', name: 'Signed draft', partnerId: 'tech', by: 'Ana', hash: encodingHash(text), size: text.length };
  const ratification = decision('d1', { category: 'strategic', change: { kind: 'ratify-charter', versionId: 'v1', hash: version.hash }, votes: { tech: vote('yes'), logi: vote('yes'), green: vote('yes') } });

  it('RAT-2, AUTH-18: a ratification record is admitted only as a plain entry, each counted vote exactly as it counted', () => {
    const writes = expectedEffect('d1', testAlliance({ partners, decisions: [ratification], charterVersions: [version] }), now)!;
    const record = writes.find((w) => w.place.kind === 'charterRatification')!.accepts;
    const honest: Record<string, unknown> = { ...(honestValue(record, now) as Record<string, unknown>), content: text };
    expect(acceptsValue(record, honest)).toBe(true);
    // A list bearing the record's fields is not the record; nor is nothing.
    expect(acceptsValue(record, Object.assign([], honest))).toBe(false);
    expect(acceptsValue(record, null)).toBe(false);
    // A counted vote with a field more (a note slipped in) is not the vote that counted.
    const votes = honest['votes'] as object[];
    expect(votes).toHaveLength(3);
    expect(acceptsValue(record, { ...honest, votes: votes.map((v) => ({ ...v, note: 'forged' })) })).toBe(false);
  });

  it('RAT-2: a passed ratification whose version the history no longer holds allows no record, only its close', () => {
    const writes = expectedEffect('d1', testAlliance({ partners, decisions: [ratification], charterVersions: [] }), now)!;
    expect(writes.map((w) => w.place)).toEqual(['outcome', 'status', 'appliedAt'].map((field) => ({ kind: 'decision', decisionId: 'd1', field })));
  });
});

describe('changes waiting for their vote', () => {
  it('CHG-9: a change waits while its decision is open or escalated and not applied; the same change proposed again is found', () => {
    const rule: ConstitutionChange = { kind: 'rule', category: 'strategic', rule: 'majority' };
    const open = decision('open', { change: rule });
    const escalated = decision('escalated', { status: 'escalated', change: { kind: 'quorum', quorum: 0.5 } });
    const closed = [
      decision('withdrawn', { status: 'withdrawn', change: rule }),
      decision('decided', { status: 'decided', outcome: 'rejected', change: rule }),
      decision('applied', { change: rule, appliedAt: T0 }),
      decision('plain'),
    ];
    expect(pendingChanges([open, escalated, ...closed]).map((d) => d.id)).toEqual(['open', 'escalated']);

    // The same values in another field order are the same change; another value, category or kind is not.
    expect(alreadyProposed({ rule: 'majority', kind: 'rule', category: 'strategic' } as ConstitutionChange, [...closed, open])?.id).toBe('open');
    expect(alreadyProposed({ kind: 'rule', category: 'strategic', rule: 'consensus' }, [open])).toBeNull();
    expect(alreadyProposed({ kind: 'rule', category: 'execution', rule: 'majority' }, [open])).toBeNull();
    expect(alreadyProposed({ kind: 'quorum', quorum: 0.5 }, [open, escalated])?.id).toBe('escalated');
    expect(alreadyProposed({ kind: 'quorum', quorum: 0.6 }, [open, escalated])).toBeNull();
    // Only a decision still waiting counts: once withdrawn, decided or applied, proposing again is a new vote.
    expect(alreadyProposed(rule, closed)).toBeNull();
  });
});
