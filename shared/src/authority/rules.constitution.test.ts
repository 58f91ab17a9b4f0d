import { describe, expect, it } from 'vitest';
import { days, decision, governance, partner, T0, vote } from '../method/testAlliance.ts';
import { statusOf } from '../document/decisions.ts';
import { alliance, at, check, facilitator, insert, logi, now, owner, remove, tech, update } from './testView.ts';

describe('authority: what only the rules give (constitution, outcomes, escalation)', () => {
  it('AUTH-11: rules, quorum, weights and outcomes change only as the rules give them, or by an owner governing alone', () => {
    expect(check(owner, at('governance', 'quorum'), update(0.9))).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    expect(check(logi, at('partners', 'logi', 'votingWeight'), update(9))).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    expect(check(logi, at('partners', 'tech', 'minorityProtected'), update(false))).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    expect(check(logi, at('decisions', 'd1', 'outcome'), update('passed'))).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    expect(check(owner, at('partners', 'logi'), remove)).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    const solo = alliance({ partners: [partner('tech'), partner('logi', { status: 'exited' })] });
    expect(check(owner, at('governance', 'quorum'), update(0.9), solo).allowed).toBe(true);
    expect(check(owner, at('partners', 'logi'), remove, solo).allowed).toBe(true);
    expect(check(tech, at('governance', 'quorum'), update(0.9), solo)).toMatchObject({ allowed: false, rule: 'AUTH-11' });
  });

  it('AUTH-11, AUTH-15: a second session closing a decided decision, or completing a completed exit, writes what is held: admitted; anything else is not', () => {
    const decided = alliance({ decisions: [decision('d1', { proposerId: 'tech', status: 'decided', outcome: 'passed', appliedAt: now - 1_000 })] });
    expect(check(logi, at('decisions', 'd1', 'outcome'), update('passed'), decided).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'status'), update('decided'), decided).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'appliedAt'), update(now), decided).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'appliedAt'), update(now + days(1)), decided)).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    expect(check(logi, at('decisions', 'd1', 'outcome'), update('rejected'), decided)).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    expect(check(logi, at('decisions', 'd1', 'status'), update('withdrawn'), decided)).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    // An open decision's status written as it is stays the rules' (or its proposer's) to write.
    expect(check(logi, at('decisions', 'd1', 'status'), update('open'))).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    const exited = alliance({ partners: [partner('tech'), partner('logi', { status: 'exited' })] });
    expect(check(tech, at('partners', 'logi', 'status'), update('exited'), exited).allowed).toBe(true);
    expect(check(tech, at('partners', 'logi', 'status'), update('active'), exited)).toMatchObject({ allowed: false, rule: 'AUTH-9' });
  });

  it('AUTH-11, AUTH-15, CHG-8: a second session applying a change just applied writes what is held: admitted; a stale one over a later change is not', () => {
    const applied = (appliedAt: number, quorum: number) =>
      alliance({
        decisions: [decision('d9', { proposerId: 'tech', status: 'decided', outcome: 'passed', change: { kind: 'quorum', quorum: 1 }, appliedAt })],
        governance: governance({ quorum }),
      });
    const justApplied = applied(now - 60_000, 1);
    expect(check(logi, at('governance', 'quorum'), update(1), justApplied).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd9', 'appliedAt'), update(now), justApplied).allowed).toBe(true);
    expect(check(logi, at('governance', 'quorum'), update(0.75), justApplied)).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    // A later change set the quorum meanwhile: the stale application would overwrite it.
    expect(check(logi, at('governance', 'quorum'), update(1), applied(now - 60_000, 0.75))).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    // Long after the application, nobody writes its setting again.
    expect(check(logi, at('governance', 'quorum'), update(1), applied(now - days(1), 1))).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    const effectiveAt = now + days(60);
    const exit = alliance({
      partners: [partner('tech', { name: 'TechCo' }), partner('logi', { name: 'LogiCorp', status: 'exiting', exitNoticeAt: now - 60_000, exitEffectiveAt: effectiveAt }), partner('green')],
      decisions: [decision('d9', { proposerId: 'tech', status: 'decided', outcome: 'passed', change: { kind: 'exit', partnerId: 'logi', effectiveAt }, appliedAt: now - 60_000 })],
    });
    expect(check(tech, at('partners', 'logi', 'status'), update('exiting'), exit).allowed).toBe(true);
    expect(check(tech, at('partners', 'logi', 'exitNoticeAt'), update(now), exit).allowed).toBe(true);
    expect(check(tech, at('partners', 'logi', 'exitEffectiveAt'), update(effectiveAt), exit).allowed).toBe(true);
    expect(check(tech, at('partners', 'logi', 'exitEffectiveAt'), update(effectiveAt + days(1)), exit)).toMatchObject({ allowed: false, rule: 'AUTH-9' });
  });

  it('AUTH-12, AUTH-15, CHG-8: a second session escalating a decision just escalated writes the same escalation: admitted; later, or another deadline, not', () => {
    const escalatedAt = now - 60_000;
    const escalated = (at: number) =>
      alliance({ decisions: [decision('d1', { proposerId: 'tech', level: 'steering', status: 'escalated', escalatedAt: at, escalationReason: 'Deadlocked', deadline: at + days(30) })] });
    const view = escalated(escalatedAt);
    expect(check(logi, at('decisions', 'd1', 'level'), update('steering'), view).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'status'), update('escalated'), view).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'escalatedAt'), update(now), view).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'escalationReason'), update('Escalated automatically'), view).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'deadline'), update(now + days(30)), view).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'deadline'), update(escalatedAt + days(30)), view).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'deadline'), update(now + days(40)), view)).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    expect(check(logi, at('decisions', 'd1', 'escalatedAt'), update(now + days(1)), view)).toMatchObject({ allowed: false, rule: 'AUTH-12' });
    const longAgo = escalated(now - days(1));
    expect(check(logi, at('decisions', 'd1', 'level'), update('steering'), longAgo)).toMatchObject({ allowed: false, rule: 'AUTH-12' });
    expect(check(logi, at('decisions', 'd1', 'status'), update('escalated'), longAgo)).toMatchObject({ allowed: false, rule: 'AUTH-4' });
  });

  it('GOV-15, AUTH-15: a close or an escalation racing its proposer\'s withdrawal is admitted in either order; a withdrawal from before is final (GOV-14)', () => {
    const votes = { tech: vote('yes', T0), logi: vote('yes', T0) };
    const withdrawn = (withdrawnAt: number | null) => alliance({ decisions: [decision('d1', { proposerId: 'tech', votes, status: 'withdrawn', withdrawnAt })] });
    // Closed by a session that had not seen the withdrawal made moments ago: admitted, and the close wins.
    expect(check(logi, at('decisions', 'd1', 'outcome'), update('passed'), withdrawn(now - 60_000)).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'status'), update('decided'), withdrawn(now - 60_000)).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'outcome'), update('rejected'), withdrawn(now - 60_000))).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    // Withdrawn long ago, or before withdrawals were stamped: votes arriving since change nothing.
    expect(check(logi, at('decisions', 'd1', 'outcome'), update('passed'), withdrawn(now - days(1)))).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    expect(check(logi, at('decisions', 'd1', 'outcome'), update('passed'), withdrawn(null))).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    // The other order: the proposer's withdrawal of a decision closed meanwhile changes nothing (it still reads decided).
    const decided = alliance({ decisions: [decision('d1', { proposerId: 'tech', votes, status: 'decided', outcome: 'passed' })] });
    expect(check(tech, at('decisions', 'd1', 'status'), update('withdrawn'), decided).allowed).toBe(true);
    expect(check(tech, at('decisions', 'd1', 'withdrawnAt'), update(now), decided).allowed).toBe(true);
    expect(check(tech, at('decisions', 'd1', 'withdrawnAt'), update(now - days(1)), decided)).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    expect(check(logi, at('decisions', 'd1', 'withdrawnAt'), update(now), decided)).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    // An escalation due as it stood, made on a copy that had not seen the withdrawal: admitted; it still reads withdrawn.
    const blocked = (withdrawnAt: number) =>
      alliance({ decisions: [decision('d1', { proposerId: 'tech', category: 'strategic', votes: { logi: vote('no', T0) }, status: 'withdrawn', withdrawnAt })] });
    expect(check(logi, at('decisions', 'd1', 'status'), update('escalated'), blocked(now - 60_000)).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'level'), update('steering'), blocked(now - 60_000)).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'level'), update('steering'), blocked(now - days(1)))).toMatchObject({ allowed: false, rule: 'AUTH-12' });
    expect(statusOf({ status: 'escalated', outcome: null, withdrawnAt: now })).toBe('withdrawn');
    expect(statusOf({ status: 'withdrawn', outcome: 'passed', withdrawnAt: now })).toBe('decided');
    expect(statusOf({ status: 'withdrawn', outcome: null, withdrawnAt: null })).toBe('withdrawn');
  });

  it('AUTH-11: an owner governing alone writes any known place (creating an alliance with its partners), logs still appended only', () => {
    const empty = alliance({ partners: [], interests: [], alignment: [], commitments: [], decisions: [] });
    expect(check(owner, at('partners', 'logi'), insert({ name: 'LogiCorp' }), empty).allowed).toBe(true);
    expect(check(owner, at('interests', 'i9'), insert({ partnerId: 'logi' }), empty).allowed).toBe(true);
    expect(check(owner, at('decisions', 'd9', 'votes', 'logi'), update({ choice: 'yes' }), empty).allowed).toBe(true);
    expect(check(owner, at('trust', 0), insert({ recordedBy: 'logi' }), empty).allowed).toBe(true);
    expect(check(owner, at('trust', 0), remove, empty)).toMatchObject({ allowed: false, rule: 'AUTH-7' });
    expect(check(owner, at('unknownRoot', 'x'), insert(1), empty)).toMatchObject({ allowed: false, rule: 'AUTH-13' });
    // An exiting partner is still in the alliance: the owner no longer governs alone.
    const exiting = alliance({ partners: [partner('tech'), partner('logi', { status: 'exiting' })] });
    expect(check(owner, at('governance', 'quorum'), update(0.9), exiting)).toMatchObject({ allowed: false, rule: 'AUTH-11' });
  });

  it('AUTH-11: the effect of a passed change decision is admitted, exactly', () => {
    const passed = decision('d9', {
      category: 'strategic',
      change: { kind: 'quorum', quorum: 1 },
      votes: { tech: vote('yes', T0), logi: vote('yes', T0) },
    });
    const view = alliance({ decisions: [passed], governance: governance({ quorum: 0.5 }) });
    expect(check(logi, at('governance', 'quorum'), update(1), view).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd9', 'outcome'), update('passed'), view).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd9', 'appliedAt'), update(now + 1000), view).allowed).toBe(true);
    expect(check(logi, at('governance', 'quorum'), update(0.75), view)).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    expect(check(logi, at('governance', 'strategicRule'), update('majority'), view)).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    expect(check(logi, at('decisions', 'd9', 'outcome'), update('rejected'), view)).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    expect(check(logi, at('decisions', 'd9', 'appliedAt'), update(now + days(1)), view)).toMatchObject({ allowed: false, rule: 'AUTH-11' });
  });

  it('AUTH-12: escalation only when the rules call it due', () => {
    const stale = decision('d1', { category: 'strategic', openedAt: T0 - days(20), deadline: T0 + days(30) });
    const due = alliance({ decisions: [stale] });
    expect(check(logi, at('decisions', 'd1', 'level'), update('steering'), due).allowed).toBe(true);
    expect(check(facilitator, at('decisions', 'd1', 'status'), update('escalated'), due).allowed).toBe(true);
    const fresh = alliance({ decisions: [decision('d1', { category: 'strategic', openedAt: T0 })] });
    expect(check(logi, at('decisions', 'd1', 'level'), update('steering'), fresh)).toMatchObject({ allowed: false, rule: 'AUTH-12' });
    expect(check(logi, at('decisions', 'd1', 'status'), update('escalated'), fresh)).toMatchObject({ allowed: false, rule: 'AUTH-12' });
  });
});
