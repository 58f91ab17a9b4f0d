import { describe, expect, it } from 'vitest';
import { commitment, days, decision, governance, interest, link, partner, T0, testAlliance, vote } from '../method/testAlliance.ts';
import { LIMITS, type AllianceSnapshot, type CharterVersionSummary } from '../schema.ts';
import { canonicalEncoding, encodingHash } from '../document/charterVersion.ts';
import { can, constitutionRoute, type Action } from './permissions.ts';
import { placeOf, type Place } from './places.ts';
import { actingPartner, HISTORY_HARD_LIMITS, historyWithinBounds, mayWrite, type Actor, type AuthorityView, type Change } from './rules.ts';
import { wordingOf } from '../method/wording.ts';
import { statusOf } from '../document/decisions.ts';

const now = T0 + days(1);
const tech: Actor = { role: 'edit', partnerId: 'tech' };
const logi: Actor = { role: 'edit', partnerId: 'logi' };
const owner: Actor = { role: 'owner', partnerId: 'tech' };
const facilitator: Actor = { role: 'edit', partnerId: null };
const viewer: Actor = { role: 'view', partnerId: 'tech' };

function alliance(over: Partial<AllianceSnapshot> = {}): AuthorityView {
  return testAlliance({
    partners: [partner('tech', { name: 'TechCo' }), partner('logi', { name: 'LogiCorp' })],
    interests: [interest('i-tech', 'tech'), interest('i-logi', 'logi')],
    alignment: [link('l1', 'i-tech', 'i-logi', 'supports')],
    commitments: [commitment('c-tech', 'tech')],
    decisions: [decision('d1', { title: 'Open the Lyon depot', proposerId: 'tech' })],
    ...over,
  });
}

const at = (...path: (string | number)[]): Place => placeOf(path);
const insert = (value?: unknown): Change => ({ op: 'insert', value });
const update = (value?: unknown): Change => ({ op: 'update', value });
const remove: Change = { op: 'delete' };

function check(actor: Actor, place: Place, change: Change, view: AuthorityView = alliance()) {
  return mayWrite(actor, place, change, view, now);
}

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

  it('AUTH-16: comments on the charter are written in the writer\'s own name; only their author edits or deletes them', () => {
    const thread = { id: 't1', from: 'AA==', to: 'AA==', quote: '90 days', partnerId: 'tech', openedAt: T0, resolved: false, resolvedBy: '', resolvedAt: null };
    const comment = (id: string, partnerId: string | null) => ({ id, threadId: 't1', partnerId, by: 'Ana', text: 'Too short.', at: T0, editedAt: null });
    const view = alliance({ charterThreads: [thread], charterComments: [comment('c-tech', 'tech'), comment('c-sam', null)] });
    const opening = { quote: 'notice', partnerId: 'logi', resolved: false };
    // Opening a thread and commenting: in one's own name (a facilitator's carries none).
    expect(check(logi, at('charterThreads', 't2'), insert(opening), view).allowed).toBe(true);
    expect(check(tech, at('charterThreads', 't2'), insert(opening), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(logi, at('charterThreads', 't2'), insert({ ...opening, resolved: true }), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(logi, at('charterComments', 'c2'), insert({ threadId: 't1', partnerId: 'logi' }), view).allowed).toBe(true);
    expect(check(logi, at('charterComments', 'c2'), insert({ threadId: 't1', partnerId: 'tech' }), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(facilitator, at('charterComments', 'c2'), insert({ threadId: 't1', partnerId: null }), view).allowed).toBe(true);
    expect(check(facilitator, at('charterComments', 'c2'), insert({ threadId: 't1', partnerId: 'tech' }), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    // Editing and deleting: the author's links only; a facilitator's comment is the facilitators'.
    expect(check(tech, at('charterComments', 'c-tech', 'text'), update('Far too short.'), view).allowed).toBe(true);
    expect(check(tech, at('charterComments', 'c-tech'), remove, view).allowed).toBe(true);
    expect(check(logi, at('charterComments', 'c-tech', 'text'), update('Fine.'), view)).toEqual({
      allowed: false,
      rule: 'AUTH-16',
      reason: "Only TechCo's links can edit or delete TechCo's comment.",
    });
    expect(check(logi, at('charterComments', 'c-tech'), remove, view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(facilitator, at('charterComments', 'c-tech'), remove, view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(facilitator, at('charterComments', 'c-sam', 'text'), update('Noted.'), view).allowed).toBe(true);
    expect(check(tech, at('charterComments', 'c-sam'), remove, view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    // Who wrote it, on which thread and when never change, not even by its author.
    expect(check(tech, at('charterComments', 'c-tech', 'partnerId'), update('logi'), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(tech, at('charterComments', 'c-tech', 'threadId'), update('t9'), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(tech, at('charterComments', 'c-tech'), update({ ...comment('c-tech', 'tech'), text: 'x' }), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
  });

  it('AUTH-16: any partner or facilitator resolves and reopens a thread; its passage, quote and opener never change, and it is never removed', () => {
    const thread = { id: 't1', from: 'AA==', to: 'AA==', quote: '90 days', partnerId: 'tech', openedAt: T0, resolved: false, resolvedBy: '', resolvedAt: null };
    const view = alliance({ charterThreads: [thread] });
    for (const actor of [tech, logi, facilitator]) {
      expect(check(actor, at('charterThreads', 't1', 'resolved'), update(true), view).allowed).toBe(true);
      expect(check(actor, at('charterThreads', 't1', 'resolvedBy'), update('Bo'), view).allowed).toBe(true);
    }
    expect(check(viewer, at('charterThreads', 't1', 'resolved'), update(true), view)).toMatchObject({ allowed: false, rule: 'AUTH-1' });
    for (const field of ['from', 'to', 'quote', 'partnerId', 'openedAt']) {
      expect(check(tech, at('charterThreads', 't1', field), update('x'), view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    }
    expect(check(tech, at('charterThreads', 't1'), remove, view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(tech, at('charterThreads', 't1', 'resolved'), remove, view)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(tech, at('charterThreads', 't1', 'colour'), update('x'), view)).toMatchObject({ allowed: false, rule: 'AUTH-13' });
  });

  it('AUTH-16, CMT-6: the relay refuses a thread or a comment beyond the alliance\'s bounds', () => {
    const threads = Array.from({ length: LIMITS.charterThreads }, (_, i) => ({ id: `t${i}`, from: 'AA==', to: 'AA==', quote: 'q', partnerId: 'tech', openedAt: T0, resolved: false, resolvedBy: '', resolvedAt: null }));
    const comments = Array.from({ length: LIMITS.charterComments }, (_, i) => ({ id: `c${i}`, threadId: 't0', partnerId: 'tech', by: 'Ana', text: 'x', at: T0, editedAt: null }));
    const full = alliance({ charterThreads: threads, charterComments: comments });
    expect(check(tech, at('charterThreads', 'new'), insert({ partnerId: 'tech', resolved: false }), full)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(tech, at('charterComments', 'new'), insert({ threadId: 't0', partnerId: 'tech' }), full)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
    expect(check(tech, at('charterComments', 'new'), insert({ threadId: 't0', partnerId: 'tech' }), alliance({ charterThreads: threads.slice(1) })).allowed).toBe(true);
  });

  it('AUTH-16: the app offers comment controls exactly where the relay admits them', () => {
    const view = alliance({ charterComments: [{ id: 'c-tech', threadId: 't1', partnerId: 'tech', by: 'Ana', text: 'x', at: T0, editedAt: null }] });
    expect(can(tech, { kind: 'commentOnCharter' }, view, now).allowed).toBe(true);
    expect(can(facilitator, { kind: 'commentOnCharter' }, view, now).allowed).toBe(true);
    expect(can(viewer, { kind: 'commentOnCharter' }, view, now).allowed).toBe(false);
    expect(can(tech, { kind: 'editCharterComment', commentId: 'c-tech' }, view, now).allowed).toBe(true);
    expect(can(logi, { kind: 'editCharterComment', commentId: 'c-tech' }, view, now)).toMatchObject({ allowed: false, rule: 'AUTH-16' });
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

describe('authority: the charter history', () => {
  /** A version entry as the document writes it: whole, its hash the hash of its text. */
  const version = (partnerId: string | null, over: Record<string, unknown> = {}) => {
    const content = canonicalEncoding([{ type: 'paragraph', spans: [{ text: 'Agreed text.' }] }]);
    return { at: now, kind: 'named', name: 'Agreed', partnerId, by: 'Ada', hash: encodingHash(content), content, ...over };
  };
  const summary = (id: string, kind: 'named' | 'pause', partnerId: string | null): CharterVersionSummary => ({ ...version(partnerId, { kind }), id, size: 10 }) as CharterVersionSummary;
  const withVersions = alliance({ charterVersions: [summary('v-tech', 'named', 'tech'), summary('v-auto', 'pause', 'tech'), summary('v-fac', 'named', null)] });

  it('AUTH-17: any writer keeps a version, whole and in its own name', () => {
    expect(check(tech, at('charterVersions', 'v1'), insert(version('tech')), withVersions).allowed).toBe(true);
    expect(check(facilitator, at('charterVersions', 'v1'), insert(version(null)), withVersions).allowed).toBe(true);
    expect(check(logi, at('charterVersions', 'v1'), insert(version('tech')), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(facilitator, at('charterVersions', 'v1'), insert(version('tech')), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    // Its hash must be its text's; a field out of bounds, or missing, is no version.
    expect(check(tech, at('charterVersions', 'v1'), insert(version('tech', { hash: 'f'.repeat(64) })), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(tech, at('charterVersions', 'v1'), insert(version('tech', { kind: 'ratified' })), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(tech, at('charterVersions', 'v1'), insert({ kind: 'named' }), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(viewer, at('charterVersions', 'v1'), insert(version('tech')), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-1' });
  });

  it('AUTH-17: a version is never changed, nor written inside; an automatic one is pruned by anyone, a named one removed only by its partner', () => {
    expect(check(tech, at('charterVersions', 'v-tech'), update(version('tech', { name: 'Renamed' })), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(tech, at('charterVersions', 'v-tech', 'name'), insert('x'), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(logi, at('charterVersions', 'v-auto'), remove, withVersions).allowed).toBe(true);
    expect(check(tech, at('charterVersions', 'v-tech'), remove, withVersions).allowed).toBe(true);
    expect(check(logi, at('charterVersions', 'v-tech'), remove, withVersions)).toEqual({ allowed: false, rule: 'AUTH-17', reason: 'Only TechCo\'s links can remove the version “Agreed”.' });
    expect(check(logi, at('charterVersions', 'v-fac'), remove, withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(facilitator, at('charterVersions', 'v-tech'), remove, withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    // Nor, by anyone, one the partners are voting to ratify (RAT-5): until that decision is settled and applied.
    const hash = version('tech').hash;
    const voting = (status: 'open' | 'decided', appliedAt: number | null) =>
      alliance({
        charterVersions: withVersions.charterVersions,
        decisions: [decision('r1', { title: 'Ratify', category: 'strategic', proposerId: 'tech', status, outcome: status === 'decided' ? 'passed' : null, appliedAt, change: { kind: 'ratify-charter', versionId: 'v-auto', hash } })],
      });
    expect(check(logi, at('charterVersions', 'v-auto'), remove, voting('open', null))).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(tech, at('charterVersions', 'v-auto'), remove, voting('decided', null))).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(logi, at('charterVersions', 'v-auto'), remove, voting('decided', now)).allowed).toBe(true);
    // Even an owner governing alone never rewrites one.
    const alone = alliance({ partners: [partner('tech', { name: 'TechCo' })], charterVersions: [summary('v-tech', 'named', 'tech')] });
    expect(check(owner, at('charterVersions', 'v-tech'), update(version('tech')), alone)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(owner, at('charterVersions', 'v2'), insert(version('tech')), alone).allowed).toBe(true);
  });

  it('AUTH-17: the relay bounds the history over a whole update (twice the app\'s bounds), net of what the update prunes', () => {
    const full = alliance({ charterVersions: Array.from({ length: HISTORY_HARD_LIMITS.versions }, (_, i) => summary(`v${i}`, 'pause', 'tech')) });
    const add = { place: at('charterVersions', 'new'), change: insert(version('tech', { kind: 'pause', name: '' })) };
    const prune = { place: at('charterVersions', 'v0'), change: remove };
    expect(historyWithinBounds([add], full)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(historyWithinBounds([add, prune], full).allowed).toBe(true);
    expect(historyWithinBounds([prune], full).allowed).toBe(true);
    // Pruning a version already gone makes no room.
    expect(historyWithinBounds([add, { place: at('charterVersions', 'gone'), change: remove }], full)).toMatchObject({ allowed: false });
    const named = alliance({ charterVersions: Array.from({ length: HISTORY_HARD_LIMITS.named }, (_, i) => summary(`n${i}`, 'named', 'tech')) });
    expect(historyWithinBounds([{ place: at('charterVersions', 'new'), change: insert(version('tech')) }], named)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(historyWithinBounds([add], named).allowed).toBe(true);
    const heavy = alliance({ charterVersions: [{ ...summary('big', 'named', 'tech'), size: HISTORY_HARD_LIMITS.totalChars }] });
    expect(historyWithinBounds([add], heavy)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
  });
});

describe('authority: what the app offers', () => {
  it('AUTH-3: the app offers a vote exactly where the relay admits it', () => {
    const view = alliance();
    const actions: Action[] = [
      { kind: 'vote', decisionId: 'd1', partnerId: 'tech' },
      { kind: 'vote', decisionId: 'd1', partnerId: 'logi' },
      { kind: 'checkIn', partnerId: 'tech' },
      { kind: 'checkIn', partnerId: 'logi' },
      { kind: 'editInterest', partnerId: 'tech' },
      { kind: 'editCommitment', partnerId: 'logi' },
      { kind: 'giveExitNotice', partnerId: 'tech' },
    ];
    expect(actions.map((a) => can(logi, a, view, now).allowed)).toEqual([false, true, false, true, false, true, false]);
    expect(can(logi, { kind: 'vote', decisionId: 'd1', partnerId: 'tech' }, view, now)).toMatchObject({ reason: "Only TechCo's links can vote for TechCo." });
  });

  it('AUTH-10: partners and links are managed by owner links only', () => {
    const view = alliance();
    expect(can(owner, { kind: 'managePartners' }, view, now).allowed).toBe(true);
    expect(can(logi, { kind: 'managePartners' }, view, now).allowed).toBe(false);
    expect(can(owner, { kind: 'manageLinks' }, view, now).allowed).toBe(true);
    expect(can(logi, { kind: 'manageLinks' }, view, now)).toMatchObject({ allowed: false, rule: 'AUTH-10' });
    expect(can(facilitator, { kind: 'editCharter' }, view, now).allowed).toBe(true);
    expect(can(viewer, { kind: 'editCharter' }, view, now)).toMatchObject({ allowed: false, rule: 'AUTH-1' });
  });

  it('AUTH-11: rules change directly only for an owner governing alone; otherwise partners propose', () => {
    const view = alliance();
    expect(can(owner, { kind: 'changeRules' }, view, now).allowed).toBe(false);
    expect(constitutionRoute(owner, view)).toBe('proposal');
    expect(constitutionRoute(facilitator, view)).toBe('none');
    expect(constitutionRoute(viewer, view)).toBe('none');
    const solo = alliance({ partners: [partner('tech')] });
    expect(can(owner, { kind: 'changeRules' }, solo, now).allowed).toBe(true);
    expect(constitutionRoute(owner, solo)).toBe('direct');
  });
});
