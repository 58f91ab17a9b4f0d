import { describe, expect, it } from 'vitest';
import { commitment, days, decision, partner, T0, vote } from '../method/testAlliance.ts';
import { can } from './permissions.ts';
import { actingPartner, type Actor } from './rules.ts';
import { wordingOf } from '../method/wording.ts';
import { alliance, at, check, facilitator, insert, logi, now, owner, remove, tech, update, viewer } from './testView.ts';

describe('authority: who may write what', () => {
  it('AUTH-1: a view link writes nothing, not even the charter', () => {
    expect(check(viewer, at('charter', 0), insert())).toMatchObject({ allowed: false, rule: 'AUTH-1' });
    expect(check(viewer, at('decisions', 'd1', 'votes', 'tech'), update({ choice: 'yes' }))).toMatchObject({ allowed: false, rule: 'AUTH-1' });
  });

  it('AUTH-2: the charter and the exit plan are every writer\'s, facilitators included', () => {
    for (const actor of [tech, logi, facilitator, owner]) {
      expect(check(actor, at('charter', 3, 'text'), insert()).allowed).toBe(true);
      expect(check(actor, at('exitPlan', 'noticePeriodDays'), update(60)).allowed).toBe(true);
      expect(check(actor, at('exitPlan', 'assets', 'a1', 'holder'), update('TechCo')).allowed).toBe(true);
    }
  });

  it('AUTH-2: a link whose partner is not in the document acts as a facilitator', () => {
    const older: Actor = { role: 'edit', partnerId: 'gone' };
    expect(actingPartner(older, alliance())).toBeNull();
    expect(check(older, at('charter', 0), insert()).allowed).toBe(true);
    expect(check(older, at('decisions', 'd1', 'votes', 'gone'), update({ choice: 'yes' }))).toMatchObject({ allowed: false, rule: 'AUTH-3' });
  });

  it('AUTH-3: only TechCo\'s links vote for TechCo', () => {
    expect(check(tech, at('decisions', 'd1', 'votes', 'tech'), update({ choice: 'yes' })).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'votes', 'tech'), update({ choice: 'yes' }))).toEqual({
      allowed: false,
      rule: 'AUTH-3',
      reason: "Only TechCo's links can vote for TechCo.",
    });
    expect(check(logi, at('decisions', 'd1', 'votes', 'tech'), remove)).toMatchObject({ allowed: false, rule: 'AUTH-3' });
    expect(check(facilitator, at('decisions', 'd1', 'votes', 'tech'), update({ choice: 'yes' })).allowed).toBe(false);
    // An owner link of one partner is no more another partner's voice.
    expect(check({ role: 'owner', partnerId: 'logi' }, at('decisions', 'd1', 'votes', 'tech'), update({ choice: 'yes' })).allowed).toBe(false);
  });

  it('AUTH-3: a partner\'s own vote is admitted whatever happened meanwhile (withdrawn, decided, its exit); this copy offers none then', () => {
    // The honest races: a vote cast offline arrives after the withdrawal, the close or the exit. It is kept and
    // counts for nothing (GOV-1, GOV-14); the app offers no vote on a copy that already shows it closed.
    for (const status of ['decided', 'withdrawn'] as const) {
      const closed = alliance({ decisions: [decision('d1', { status, outcome: status === 'decided' ? 'passed' : null })] });
      expect(check(tech, at('decisions', 'd1', 'votes', 'tech'), update({ choice: 'no' }), closed).allowed).toBe(true);
      expect(check(logi, at('decisions', 'd1', 'votes', 'tech'), update({ choice: 'no' }), closed)).toMatchObject({ allowed: false, rule: 'AUTH-3' });
      expect(can(tech, { kind: 'vote', decisionId: 'd1', partnerId: 'tech' }, closed, now)).toMatchObject({ allowed: false, rule: 'AUTH-3' });
    }
    const exited = alliance({ partners: [partner('tech', { status: 'exited' }), partner('logi')] });
    expect(check(tech, at('decisions', 'd1', 'votes', 'tech'), update({ choice: 'yes' }), exited).allowed).toBe(true);
    expect(can(tech, { kind: 'vote', decisionId: 'd1', partnerId: 'tech' }, exited, now)).toMatchObject({ allowed: false, rule: 'AUTH-3' });
  });

  it('AUTH-3: nothing inside a vote; the votes map is never replaced', () => {
    expect(check(tech, at('decisions', 'd1', 'votes', 'tech', 'choice'), update('yes'))).toMatchObject({ allowed: false, rule: 'AUTH-13' });
    const voted = alliance({ decisions: [decision('d1', { votes: { logi: vote('no') } })] });
    expect(check(tech, at('decisions', 'd1', 'votes'), remove, voted)).toMatchObject({ allowed: false, rule: 'AUTH-3' });
    expect(check(tech, at('decisions', 'd1', 'votes'), insert(), voted)).toMatchObject({ allowed: false, rule: 'AUTH-3' });
    expect(check(tech, at('decisions', 'new', 'votes'), insert()).allowed).toBe(true);
  });

  it('AUTH-4, DEC-7: its proposer reopens a decision it withdrew, as it was (the undo); nobody reopens a decided one', () => {
    const withdrawn = alliance({ decisions: [decision('d1', { proposerId: 'tech', status: 'withdrawn' })] });
    expect(check(tech, at('decisions', 'd1', 'status'), update('open'), withdrawn).allowed).toBe(true);
    expect(check(tech, at('decisions', 'd1', 'status'), update('escalated'), withdrawn)).toMatchObject({ allowed: false, rule: 'AUTH-12' });
    expect(check(logi, at('decisions', 'd1', 'status'), update('open'), withdrawn)).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    expect(can(tech, { kind: 'reopenDecision', decisionId: 'd1' }, withdrawn, now).allowed).toBe(true);
    const escalated = alliance({ decisions: [decision('d1', { proposerId: 'tech', status: 'withdrawn', level: 'steering', escalatedAt: T0 })] });
    expect(check(tech, at('decisions', 'd1', 'status'), update('escalated'), escalated).allowed).toBe(true);
    // A withdrawal and its undo merged into one update: the same status again; withdrawn again, likewise.
    expect(check(tech, at('decisions', 'd1', 'status'), update('open')).allowed).toBe(true);
    expect(check(tech, at('decisions', 'd1', 'status'), update('withdrawn'), withdrawn).allowed).toBe(true);
    // Reopened and reworded in one update: the words of a withdrawn decision are still its proposer's.
    expect(check(tech, at('decisions', 'd1', 'title'), update('Hire two drivers'), withdrawn).allowed).toBe(true);
    const decided = alliance({ decisions: [decision('d1', { proposerId: 'tech', status: 'decided', outcome: 'rejected' })] });
    // Its proposer's undo made before it saw the close changes nothing: the close wins (GOV-15). Nobody else's.
    expect(check(tech, at('decisions', 'd1', 'status'), update('open'), decided).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'status'), update('open'), decided)).toMatchObject({ allowed: false, rule: 'AUTH-11' });
    expect(can(tech, { kind: 'reopenDecision', decisionId: 'd1' }, decided, now)).toMatchObject({ allowed: false, rule: 'AUTH-4' });
  });

  it('AUTH-4: a partner opens decisions in its own name, undecided', () => {
    const open = { proposerId: 'logi', status: 'open', outcome: null, appliedAt: null, title: 'Hire' };
    expect(check(logi, at('decisions', 'd2'), insert(open)).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd2', 'title'), insert('Hire')).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd2'), insert({ ...open, proposerId: 'tech' }))).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    expect(check(logi, at('decisions', 'd2'), insert({ ...open, status: 'decided', outcome: 'passed' }))).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    expect(check(logi, at('decisions', 'd2'), insert({ ...open, status: 'escalated' }))).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    // Proposed and withdrawn before it reached the relay (or undone at once): one record, already withdrawn.
    expect(check(logi, at('decisions', 'd2'), insert({ ...open, status: 'withdrawn' })).allowed).toBe(true);
    expect(check(facilitator, at('decisions', 'd2'), insert({ ...open, proposerId: null }))).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    expect(check(tech, at('decisions', 'd1'), remove)).toMatchObject({ allowed: false, rule: 'AUTH-4' });
  });

  it('AUTH-4: its proposer rewords it while undecided, votes answering their own wording; this copy offers it until the first vote', () => {
    expect(check(tech, at('decisions', 'd1', 'title'), update('Open the Lyon hub')).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'body'), update('…'))).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    // A vote that names the wording it answers (GOV-13): a reword concurrent with it is admitted, and the vote then
    // waits for a new one instead of approving words its partner never read.
    const lyon = decision('d1', { title: 'Open the Lyon depot', proposerId: 'tech' });
    const answered = alliance({ decisions: [{ ...lyon, votes: { logi: { ...vote('yes'), on: wordingOf(lyon) } } }] });
    expect(check(tech, at('decisions', 'd1', 'title'), update('Close the Lyon depot'), answered).allowed).toBe(true);
    expect(check(tech, at('decisions', 'd1', 'category'), update('critical'), answered).allowed).toBe(true);
    expect(check(tech, at('decisions', 'd1', 'deadline'), update(now + days(30)), answered)).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    expect(can(tech, { kind: 'editDecisionText', decisionId: 'd1' }, answered, now)).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    const closed = alliance({ decisions: [{ ...lyon, status: 'decided', outcome: 'passed' }] });
    expect(check(tech, at('decisions', 'd1', 'title'), update('Close the Lyon depot'), closed)).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    // A vote from before votes named their wording would be carried over to new words: the words stay.
    const voted = alliance({ decisions: [decision('d1', { proposerId: 'tech', votes: { logi: vote('yes') } })] });
    expect(check(tech, at('decisions', 'd1', 'title'), update('Something else'), voted)).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    expect(check(tech, at('decisions', 'd1', 'status'), update('withdrawn'), voted).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'status'), update('withdrawn'))).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    expect(check(tech, at('decisions', 'd1', 'proposerId'), update('logi'))).toMatchObject({ allowed: false, rule: 'AUTH-4' });
  });

  it('AUTH-4: comments are added only, in the writer\'s own name', () => {
    expect(check(logi, at('decisions', 'd1', 'comments', 0), insert({ partnerId: 'logi', text: 'ok' })).allowed).toBe(true);
    expect(check(facilitator, at('decisions', 'd1', 'comments', 0), insert({ partnerId: null, text: 'ok' })).allowed).toBe(true);
    expect(check(logi, at('decisions', 'd1', 'comments', 0), insert({ partnerId: 'tech', text: 'ok' }))).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    expect(check(tech, at('decisions', 'd1', 'comments', 0), remove)).toMatchObject({ allowed: false, rule: 'AUTH-4' });
    // The list is made with its decision, and never replaced once it holds a comment.
    expect(check(logi, at('decisions', 'new', 'comments'), insert()).allowed).toBe(true);
    const commented = alliance({ decisions: [decision('d1', { comments: [{ id: 'k', at: T0, by: 'Bo', partnerId: 'logi', text: 'ok' }] })] });
    expect(check(logi, at('decisions', 'd1', 'comments'), insert(), commented)).toMatchObject({ allowed: false, rule: 'AUTH-4' });
  });

  it('AUTH-5: a partner\'s interests and red lines are its own links\' to make, change and remove', () => {
    expect(check(tech, at('interests', 'i-tech', 'text'), update('Keep our brand')).allowed).toBe(true);
    expect(check(tech, at('interests', 'i-tech'), remove).allowed).toBe(true);
    expect(check(logi, at('interests', 'i-tech'), remove)).toEqual({ allowed: false, rule: 'AUTH-5', reason: "Only TechCo's links can change its interests and red lines." });
    expect(check(logi, at('interests', 'i-tech', 'kind'), update('explicit'))).toMatchObject({ allowed: false, rule: 'AUTH-5' });
    expect(check(logi, at('interests', 'new'), insert({ partnerId: 'tech', text: 'x' }))).toMatchObject({ allowed: false, rule: 'AUTH-5' });
    expect(check(logi, at('interests', 'new'), insert({ partnerId: 'logi', text: 'x' })).allowed).toBe(true);
    expect(check(tech, at('interests', 'i-tech', 'partnerId'), update('logi'))).toMatchObject({ allowed: false, rule: 'AUTH-5' });
    expect(check(facilitator, at('interests', 'i-tech', 'text'), update('x'))).toMatchObject({ allowed: false, rule: 'AUTH-5' });
    // A nested map made inside an allowed place is that place; inside another partner's, refused.
    expect(check(tech, at('interests', 'i-tech', 'text', 'x'), insert()).allowed).toBe(true);
    expect(check(logi, at('interests', 'i-tech', 'text', 'x'), insert()).allowed).toBe(false);
  });

  it('AUTH-5: an alignment link is written by the partners whose interests it links', () => {
    expect(check(logi, at('alignment', 'l1', 'note'), update('x')).allowed).toBe(true);
    const third = alliance({ partners: [partner('tech'), partner('logi'), partner('green')] });
    expect(check({ role: 'edit', partnerId: 'green' }, at('alignment', 'l1', 'note'), update('x'), third)).toMatchObject({ allowed: false, rule: 'AUTH-5' });
  });

  it('AUTH-6: check-ins are added only, for the writer\'s own partner; reviews are added by partners', () => {
    expect(check(logi, at('checkins', 4), insert({ partnerId: 'logi' })).allowed).toBe(true);
    expect(check(logi, at('checkins', 4), insert({ partnerId: 'tech' }))).toEqual({ allowed: false, rule: 'AUTH-6', reason: "LogiCorp's links can check in only for LogiCorp." });
    expect(check(logi, at('checkins', 0), remove)).toMatchObject({ allowed: false, rule: 'AUTH-6' });
    expect(check(logi, at('checkins', 0, 'note'), insert('x'))).toMatchObject({ allowed: false, rule: 'AUTH-6' });
    expect(check(logi, at('reviews', 1), insert({})).allowed).toBe(true);
    expect(check(facilitator, at('reviews', 1), insert({}))).toMatchObject({ allowed: false, rule: 'AUTH-6' });
    expect(check(logi, at('reviews', 0), remove)).toMatchObject({ allowed: false, rule: 'AUTH-6' });
  });

  it('AUTH-7: trust entries are added only, recorded by the writer\'s partner', () => {
    expect(check(logi, at('trust', 9), insert({ recordedBy: 'logi', partnerId: 'tech' })).allowed).toBe(true);
    expect(check(logi, at('trust', 9), insert({ recordedBy: 'tech', partnerId: 'tech' }))).toMatchObject({ allowed: false, rule: 'AUTH-7' });
    expect(check(logi, at('trust', 9), insert({ partnerId: 'logi' }))).toMatchObject({ allowed: false, rule: 'AUTH-7' });
    expect(check(logi, at('trust', 2), remove)).toMatchObject({ allowed: false, rule: 'AUTH-7' });
    expect(check(owner, at('trust', 2), remove)).toMatchObject({ allowed: false, rule: 'AUTH-7' });
  });

  it('AUTH-8: a partner\'s commitments are its own, status included; another partner marks one with its own trust entry', () => {
    expect(check(tech, at('commitments', 'c-tech', 'text'), update('x')).allowed).toBe(true);
    expect(check(tech, at('commitments', 'c-tech', 'status'), update('cancelled')).allowed).toBe(true);
    expect(check(tech, at('commitments', 'c-tech', 'status'), update('delivered')).allowed).toBe(true);
    // Two partners marking at once would overwrite each other's word at one key: a mark is an entry of their own.
    expect(check(logi, at('commitments', 'c-tech', 'status'), update('missed'))).toMatchObject({ allowed: false, rule: 'AUTH-8' });
    expect(check(logi, at('commitments', 'c-tech', 'resolvedAt'), update(now))).toMatchObject({ allowed: false, rule: 'AUTH-8' });
    expect(check(logi, at('trust', 0), insert({ recordedBy: 'logi', commitmentId: 'c-tech', kind: 'deadline-missed' })).allowed).toBe(true);
    expect(can(logi, { kind: 'markCommitment', commitmentId: 'c-tech' }, alliance(), now).allowed).toBe(true);
    expect(check(logi, at('commitments', 'c-tech', 'status'), update('cancelled'))).toMatchObject({ allowed: false, rule: 'AUTH-8' });
    expect(check(logi, at('commitments', 'c-tech', 'text'), update('x'))).toMatchObject({ allowed: false, rule: 'AUTH-8' });
    expect(check(logi, at('commitments', 'c-tech'), remove)).toMatchObject({ allowed: false, rule: 'AUTH-8' });
    expect(check(logi, at('commitments', 'new'), insert({ partnerId: 'tech' }))).toMatchObject({ allowed: false, rule: 'AUTH-8' });
    const resolved = alliance({ commitments: [commitment('c-tech', 'tech', { status: 'delivered' })] });
    expect(check(logi, at('commitments', 'c-tech', 'status'), update('missed'), resolved)).toMatchObject({ allowed: false, rule: 'AUTH-8' });
    expect(can(logi, { kind: 'markCommitment', commitmentId: 'c-tech' }, resolved, now)).toMatchObject({ allowed: false, rule: 'AUTH-8' });
  });

  it('AUTH-9: a partner gives its own exit notice, never another\'s', () => {
    expect(check(logi, at('partners', 'logi', 'status'), update('exiting')).allowed).toBe(true);
    expect(check(logi, at('partners', 'logi', 'exitNoticeAt'), update(now)).allowed).toBe(true);
    expect(check(logi, at('partners', 'tech', 'status'), update('exiting'))).toMatchObject({ allowed: false, rule: 'AUTH-9' });
    expect(check(logi, at('partners', 'logi', 'status'), update('active'))).toMatchObject({ allowed: false, rule: 'AUTH-9' });
  });

  it('AUTH-10: only owner links add, rename or recolour partners and change the alliance\'s settings', () => {
    expect(check(owner, at('partners', 'new'), insert({ name: 'Green' })).allowed).toBe(true);
    expect(check(logi, at('partners', 'new'), insert({ name: 'Green' }))).toMatchObject({ allowed: false, rule: 'AUTH-10' });
    expect(check(logi, at('partners', 'tech', 'name'), update('x'))).toMatchObject({ allowed: false, rule: 'AUTH-10' });
    expect(check(owner, at('partners', 'logi', 'color'), update('#000000')).allowed).toBe(true);
    expect(check(logi, at('meta', 'name'), update('x'))).toMatchObject({ allowed: false, rule: 'AUTH-10' });
    expect(check(owner, at('meta', 'name'), update('x')).allowed).toBe(true);
  });

  it('AUTH-13: unknown roots, fields and shapes are refused', () => {
    expect(check(owner, at('secrets', 'x'), update(1))).toMatchObject({ allowed: false, rule: 'AUTH-13' });
    expect(check(owner, at('partners', 'tech', 'isAdmin'), update(true))).toMatchObject({ allowed: false, rule: 'AUTH-13' });
    expect(check(tech, at('decisions', 'd1', 'extra'), update(true))).toMatchObject({ allowed: false, rule: 'AUTH-13' });
    expect(check(tech, at('decisions', 'd1'), update({}))).toMatchObject({ allowed: false, rule: 'AUTH-13' });
    const solo = alliance({ partners: [partner('tech')] });
    expect(check(owner, at('decisions', 'd1', 'extra'), update(true), solo)).toMatchObject({ allowed: false, rule: 'AUTH-13' });
    expect(check(owner, at('governance', 'admin'), update(true), solo)).toMatchObject({ allowed: false, rule: 'AUTH-13' });
    expect(check(owner, at('governance', 'strategicRule'), update('majority'), solo).allowed).toBe(true);
  });
});
