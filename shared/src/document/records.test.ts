/**
 * The document's writes record by record: edits field by field, removals one by one, the snapshot's order,
 * change notifications, and what each refusal says (REC-*, DEC-*, DOC-4).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';
import { refusal } from '../testing/refusals.ts';
import { wordingOf } from '../method/wording.ts';
import { descendingIds } from '../testing/orderedIds.ts';
import type { RandomBytes } from '../ids.ts';

const T0 = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

function setup(random?: RandomBytes) {
  let clock = T0;
  const doc = new Y.Doc();
  const alliance = AllianceDocument.create(
    doc,
    { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo', votingWeight: 2 }, { name: 'LogiCorp' }, { name: 'Green', minorityProtected: true }] },
    random ? { now: () => clock, random } : { now: () => clock },
  );
  const [a, b, c] = alliance.snapshot().partners;
  return { doc, alliance, a: a!, b: b!, c: c!, tick: (ms: number) => (clock += ms), at: (ms: number) => (clock = ms) };
}

describe('editing records', () => {
  it('REC-10: an interest changes field by field, and removing it removes the links on either side', () => {
    const { alliance, a, b } = setup();
    const i = alliance.addInterest({ partnerId: a.id, kind: 'explicit', layer: 'strategic', text: 'Grow', priority: 2 });
    expect(alliance.interests.get(i.id)).toEqual({ id: i.id, partnerId: a.id, kind: 'explicit', layer: 'strategic', text: 'Grow', priority: 2 });
    alliance.updateInterest(i.id, { kind: 'red-line', layer: 'relational', text: 'Grow fast', priority: 3, partnerId: b.id } as never);
    expect(alliance.interests.get(i.id)).toEqual({ id: i.id, partnerId: a.id, kind: 'red-line', layer: 'relational', text: 'Grow fast', priority: 3 });
    const j = alliance.addInterest({ partnerId: b.id, kind: 'implicit', layer: 'operational', text: 'Calm' });
    const k = alliance.addInterest({ partnerId: b.id, kind: 'implicit', layer: 'operational', text: 'Cash' });
    const from = alliance.linkInterests({ fromInterestId: i.id, toInterestId: j.id, relation: 'supports', note: 'n' });
    const to = alliance.linkInterests({ fromInterestId: k.id, toInterestId: i.id, relation: 'conflicts' });
    const other = alliance.linkInterests({ fromInterestId: j.id, toInterestId: k.id, relation: 'supports' });
    expect(alliance.alignment.get(from.id)).toMatchObject({ fromInterestId: i.id, toInterestId: j.id, relation: 'supports', note: 'n', resolution: '' });
    alliance.updateLink(to.id, { relation: 'supports', note: 'now aligned', resolution: 'talked' });
    expect(alliance.alignment.get(to.id)).toMatchObject({ relation: 'supports', note: 'now aligned', resolution: 'talked' });
    alliance.removeInterest(i.id);
    expect(alliance.snapshot().interests.map((x) => x.id).sort()).toEqual([j.id, k.id].sort());
    expect(alliance.snapshot().alignment.map((l) => l.id)).toEqual([other.id]);
    alliance.removeLink(other.id);
    expect(alliance.snapshot().alignment).toEqual([]);
    expect(refusal(() => alliance.removeInterest(i.id))).toEqual({ code: 'unknown-record', message: `No interest with id ${i.id}`, field: 'id' });
    expect(refusal(() => alliance.removeLink(other.id)).message).toBe(`No link with id ${other.id}`);
    expect(refusal(() => alliance.linkInterests({ fromInterestId: j.id, toInterestId: j.id, relation: 'supports' }))).toEqual({
      code: 'invalid-field',
      message: 'An interest cannot be linked to itself',
      field: 'toInterestId',
    });
  });

  it('REC-10: a commitment, a partner and the alliance change only in their editable fields', () => {
    const { alliance, a } = setup();
    const c = alliance.addCommitment({ partnerId: a.id, text: 'Ship', dueAt: T0 + DAY });
    alliance.updateCommitment(c.id, { text: 'Ship v2', dueAt: T0 + 2 * DAY, status: 'delivered' } as never);
    expect(alliance.commitments.get(c.id)).toEqual({ id: c.id, partnerId: a.id, text: 'Ship v2', dueAt: T0 + 2 * DAY, createdAt: T0, status: 'open', resolvedAt: null });
    alliance.updatePartner(a.id, { name: 'TechCo AG', votingWeight: 3, minorityProtected: true, color: '#ABCDEF', status: 'exited' } as never);
    expect(alliance.partners.get(a.id)).toMatchObject({ name: 'TechCo AG', votingWeight: 3, minorityProtected: true, color: '#abcdef', status: 'active' });
    alliance.updateMeta({ name: 'Harbour II', purpose: 'Ports', mode: 'light', kind: 'project', expectedEndAt: T0 + 100 * DAY, reviewCadenceMonths: 12, createdAt: 5 } as never);
    expect(alliance.meta()).toMatchObject({ name: 'Harbour II', purpose: 'Ports', mode: 'light', kind: 'project', expectedEndAt: T0 + 100 * DAY, reviewCadenceMonths: 12, createdAt: T0 });
    expect(refusal(() => alliance.updateMeta({ reviewCadenceMonths: 5 as never })).field).toBe('reviewCadenceMonths');
  });

  it('REC-12: an alliance has at most 50 partners', () => {
    const alliance = AllianceDocument.create(new Y.Doc(), { name: 'Big', mode: 'full' }, { now: () => T0 });
    for (let n = 0; n < 50; n++) alliance.addPartner({ name: `P${n}` });
    expect(refusal(() => alliance.addPartner({ name: 'One more' }))).toEqual({ code: 'not-allowed', message: 'An alliance has at most 50 partners', field: null });
    expect(alliance.snapshot().partners).toHaveLength(50);
  });

  it('REC-8: an exit may take effect the day notice is given; one dated now is exited at once; only due exits complete', () => {
    const { alliance, a, b, c, tick } = setup();
    alliance.startExit(a.id, { noticeAt: T0 - DAY, effectiveAt: T0 - DAY });
    expect(alliance.partners.get(a.id)).toMatchObject({ status: 'exited', exitNoticeAt: T0 - DAY, exitEffectiveAt: T0 - DAY });
    alliance.startExit(b.id, { effectiveAt: T0 });
    expect(alliance.partners.get(b.id)?.status).toBe('exited');
    alliance.startExit(c.id, { effectiveAt: T0 + 1 });
    expect(alliance.partners.get(c.id)?.status).toBe('exiting');
    expect(alliance.completeDueExits()).toEqual([]);
    tick(1);
    expect(alliance.completeDueExits()).toEqual([c.id]);
    expect(alliance.completeDueExits()).toEqual([]);
    expect(refusal(() => alliance.startExit(a.id, { noticeAt: T0, effectiveAt: T0 - 1 }))).toEqual({
      code: 'invalid-field',
      message: 'The exit cannot take effect before notice is given',
      field: 'effectiveAt',
    });
    expect(refusal(() => alliance.startExit(a.id, { noticeAt: -1, effectiveAt: T0 })).field).toBe('noticeAt');
    expect(refusal(() => alliance.startExit(a.id, { effectiveAt: 1.5 })).field).toBe('effectiveAt');
  });

  it('VER-1: a read-only copy reports due exits without writing them', () => {
    const { doc, alliance, c, tick } = setup();
    alliance.startExit(c.id, { effectiveAt: T0 + DAY });
    tick(DAY);
    doc.getMap('meta').set('schemaVersion', 99);
    expect(alliance.completeDueExits()).toEqual([c.id]);
    expect(alliance.partners.get(c.id)?.status).toBe('exiting');
  });
});

describe('decisions', () => {
  it('DEC-1: a decision keeps what it was proposed with; votes and comments start empty', () => {
    const { alliance, a } = setup();
    const d = alliance.proposeDecision({ title: 'Data', body: 'Who holds it', category: 'critical', level: 'operational', deadline: T0 + DAY, createdBy: 'Ana', proposerId: a.id });
    expect(d).toEqual({
      id: d.id,
      title: 'Data',
      body: 'Who holds it',
      category: 'critical',
      level: 'operational',
      deadline: T0 + DAY,
      createdBy: 'Ana',
      proposerId: a.id,
      change: null,
      status: 'open',
      openedAt: T0,
      outcome: null,
      escalatedAt: null,
      escalationReason: '',
      appliedAt: null,
      withdrawnAt: null,
      votes: {},
      comments: [],
    });
    expect(alliance.decision(d.id)).toEqual(d);
    expect(alliance.decision('nope')).toBeNull();
    expect(refusal(() => alliance.proposeDecision({ title: 'X', category: 'critical', deadline: T0, createdBy: 'Ana', proposerId: 'ghost' })).code).toBe('unknown-record');
  });

  it('DEC-3: votes on an unknown decision, by an unknown partner, or on a withdrawn decision are refused, saying why', () => {
    const { alliance, a, b, c } = setup();
    const d = alliance.proposeDecision({ title: 'T', category: 'critical', deadline: T0 + DAY, createdBy: 'Ana' });
    expect(refusal(() => alliance.castVote('nope', a.id, 'yes', 'Ana'))).toEqual({ code: 'unknown-record', message: 'No decision with id nope', field: 'decisionId' });
    expect(refusal(() => alliance.castVote(d.id, 'ghost', 'yes', 'Ana'))).toEqual({ code: 'unknown-record', message: 'No partner with id ghost', field: 'partnerId' });
    expect(refusal(() => alliance.castVote(d.id, a.id, 'veto', 'Ana'))).toEqual({
      code: 'not-allowed',
      message: "TechCo may not veto critical decisions under the charter's rules",
      field: 'choice',
    });
    expect(refusal(() => alliance.castVote(d.id, a.id, 'maybe' as never, 'Ana')).field).toBe('choice');
    alliance.updateGovernance({ vetoCategories: [] });
    expect(refusal(() => alliance.castVote(d.id, c.id, 'veto', 'Cy')).code).toBe('not-allowed');
    alliance.withdrawDecision(d.id);
    expect(alliance.decision(d.id)?.status).toBe('withdrawn');
    expect(refusal(() => alliance.castVote(d.id, b.id, 'yes', 'Bo'))).toEqual({ code: 'not-allowed', message: 'This decision is already withdrawn', field: 'decisionId' });
    expect(refusal(() => alliance.withdrawDecision('nope')).code).toBe('unknown-record');
    alliance.startExit(b.id, { effectiveAt: T0 });
    const e = alliance.proposeDecision({ title: 'U', category: 'critical', deadline: T0 + DAY, createdBy: 'Ana' });
    expect(refusal(() => alliance.castVote(e.id, b.id, 'yes', 'Bo'))).toEqual({ code: 'not-allowed', message: 'LogiCorp has left the alliance and no longer votes', field: 'partnerId' });
  });

  it('DEC-4: comments read back in time order whatever order they arrive in; a malformed comment or vote is skipped', () => {
    const { doc, alliance, a, b, at } = setup();
    const d = alliance.proposeDecision({ title: 'T', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    at(T0 + 2000);
    const late = alliance.commentOnDecision(d.id, { by: 'Ana', partnerId: a.id, text: 'Later' });
    at(T0 + 1000);
    const early = alliance.commentOnDecision(d.id, { by: 'Bo', text: 'Earlier' });
    expect(late).toEqual({ id: late.id, by: 'Ana', partnerId: a.id, text: 'Later', at: T0 + 2000 });
    expect(alliance.decision(d.id)!.comments.map((x) => x.id)).toEqual([early.id, late.id]);
    const record = doc.getMap('decisions').get(d.id) as Y.Map<unknown>;
    (record.get('comments') as Y.Array<unknown>).push([{ by: 'x' }]);
    (record.get('votes') as Y.Map<unknown>).set(b.id, { choice: 'perhaps' });
    alliance.castVote(d.id, a.id, 'yes', 'Ana');
    expect(alliance.decision(d.id)!.comments).toHaveLength(2);
    expect(Object.keys(alliance.decision(d.id)!.votes)).toEqual([a.id]);
    expect(refusal(() => alliance.commentOnDecision('nope', { by: 'x', text: 'y' })).code).toBe('unknown-record');
  });

  it('DEC-1: a peer copy without the votes map or comments list gets one on the first vote or comment', () => {
    const { doc, alliance, a } = setup();
    const d = alliance.proposeDecision({ title: 'T', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    const record = doc.getMap('decisions').get(d.id) as Y.Map<unknown>;
    record.set('votes', 'broken');
    record.delete('comments');
    expect(alliance.decision(d.id)).toMatchObject({ votes: {}, comments: [] });
    alliance.castVote(d.id, a.id, 'no', 'Ana');
    alliance.commentOnDecision(d.id, { by: 'Ana', text: 'Why' });
    expect(alliance.decision(d.id)!.votes[a.id]).toEqual({ choice: 'no', by: 'Ana', at: T0, on: wordingOf(d) });
    expect(alliance.decision(d.id)!.comments.map((x) => x.text)).toEqual(['Why']);
    // Votes read in partner-id order, whatever order they were cast in.
    const votes = record.get('votes') as Y.Map<unknown>;
    votes.set('zz', { choice: 'yes', by: 'Z', at: T0 });
    votes.set('aa', { choice: 'yes', by: 'A', at: T0 });
    expect(Object.keys(alliance.decision(d.id)!.votes)).toEqual(['aa', a.id, 'zz'].sort());
  });

  it('DEC-3: an escalation of an unknown decision, or of a decided one, is refused; a steering decision stays as it is', () => {
    const { alliance, a } = setup();
    expect(refusal(() => alliance.escalateDecision('nope', 'r'))).toEqual({ code: 'unknown-record', message: 'No decision with id nope', field: 'decisionId' });
    const d = alliance.proposeDecision({ title: 'T', category: 'execution', deadline: T0 + 60 * DAY, createdBy: 'Ana' });
    alliance.escalateDecision(d.id, 'Stuck');
    // The deadline is at least the steering time limit from now, and never earlier than it was.
    expect(alliance.decision(d.id)).toMatchObject({ level: 'steering', status: 'escalated', deadline: T0 + 60 * DAY, escalationReason: 'Stuck' });
    alliance.escalateDecision(d.id, 'Again');
    expect(alliance.decision(d.id)?.escalationReason).toBe('Stuck');
    const e = alliance.proposeDecision({ title: 'U', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    alliance.castVote(e.id, a.id, 'yes', 'Ana');
    alliance.recordOutcome(e.id, 'passed');
    expect(refusal(() => alliance.escalateDecision(e.id, 'r'))).toEqual({ code: 'not-allowed', message: 'This decision is already decided', field: 'decisionId' });
    expect(refusal(() => alliance.recordOutcome(e.id, 'maybe' as never)).field).toBe('outcome');
  });
});

describe('the snapshot and change notifications', () => {
  it('REC-11: the snapshot lists commitments by due date, logs by time and decisions newest first', () => {
    // Ids sort against the order of making, so no order asked for here is the collection's own id order.
    const { alliance, a, b, at } = setup(descendingIds());
    at(T0 + 3000);
    const later = alliance.addCommitment({ partnerId: a.id, text: 'Later', dueAt: T0 + 9 * DAY });
    const sooner = alliance.addCommitment({ partnerId: a.id, text: 'Sooner', dueAt: T0 + 2 * DAY });
    const first = alliance.proposeDecision({ title: 'First', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    alliance.recordTrust({ by: 'x', partnerId: a.id, kind: 'breach' });
    alliance.recordCheckIn({ partnerId: a.id, by: 'x', scores: { openness: 3, reliability: 3, fairness: 3, momentum: 3 } });
    alliance.recordReview({ by: 'x', fit: { [a.id]: 3 } });
    at(T0 + 1000);
    const second = alliance.proposeDecision({ title: 'Older', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    alliance.recordTrust({ by: 'y', partnerId: b.id, kind: 'breach' });
    alliance.recordCheckIn({ partnerId: b.id, by: 'y', scores: { openness: 2, reliability: 2, fairness: 2, momentum: 2 } });
    alliance.recordReview({ by: 'y', fit: { [b.id]: 2 } });
    at(T0 + 5000);
    const third = alliance.proposeDecision({ title: 'Newest', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    const snap = alliance.snapshot();
    expect(snap.commitments.map((c) => c.id)).toEqual([sooner.id, later.id]);
    expect(snap.decisions.map((d) => d.id)).toEqual([third.id, first.id, second.id]);
    expect(snap.trust.map((t) => t.by)).toEqual(['y', 'x']);
    expect(snap.checkins.map((t) => t.by)).toEqual(['y', 'x']);
    expect(snap.reviews.map((t) => t.by)).toEqual(['y', 'x']);
  });

  it('REC-11: interests list by priority, highest first, then by text', () => {
    const { alliance, a } = setup(descendingIds());
    // Made in this order, their ids sort 'c', 'b', 'a': neither the order asked for nor that of the text alone.
    for (const [text, priority] of [['a', 1], ['b', 1], ['c', 3]] as const) alliance.addInterest({ partnerId: a.id, kind: 'explicit', layer: 'strategic', text, priority });
    expect(alliance.snapshot().interests.map((i) => i.text)).toEqual(['c', 'a', 'b']);
  });

  it('DOC-4: onChange calls back after every change, local or remote, until unsubscribed', () => {
    const { doc, alliance, a } = setup();
    let calls = 0;
    const stop = alliance.onChange(() => calls++);
    alliance.updatePartner(a.id, { name: 'T2' });
    expect(calls).toBe(1);
    alliance.recordTrust({ by: 'x', partnerId: a.id, kind: 'breach' });
    expect(calls).toBe(2);
    const text = new Y.XmlText('clause');
    alliance.charter().insert(0, [text]);
    expect(calls).toBe(3);
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    remote.getMap('meta').set('purpose', 'remote');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote));
    expect(calls).toBe(4);
    stop();
    alliance.updatePartner(a.id, { name: 'T3' });
    expect(calls).toBe(4);
  });
});

describe('honest races in the document layer', () => {
  it('REC-4, COMMIT-4: another partner marks a commitment with its own trust entry only; this copy then reads it marked and offers no second mark', () => {
    const { alliance, doc, a, b, c, tick } = setup();
    const promise = alliance.addCommitment({ partnerId: a.id, text: 'Ship API', dueAt: T0 + 7 * DAY });
    tick(DAY);
    alliance.resolveCommitment(promise.id, 'missed', 'Bo', b.id);
    const stored = doc.getMap('commitments').get(promise.id) as Y.Map<unknown>;
    expect(stored.get('status')).toBe('open');
    expect(alliance.snapshot().commitments[0]).toMatchObject({ status: 'missed', resolvedAt: T0 + DAY });
    expect(alliance.snapshot().trust).toMatchObject([{ partnerId: a.id, recordedBy: b.id, kind: 'deadline-missed', commitmentId: promise.id }]);
    expect(refusal(() => alliance.resolveCommitment(promise.id, 'delivered', 'Cy', c.id))).toMatchObject({ code: 'not-allowed', field: 'status' });
    const other = alliance.addCommitment({ partnerId: a.id, text: 'Open depot', dueAt: T0 + 7 * DAY });
    expect(refusal(() => alliance.resolveCommitment(other.id, 'cancelled', 'Bo', b.id))).toMatchObject({ code: 'not-allowed', field: 'status' });
  });

  it('DEC-6, GOV-13: a vote carries the wording it answers; this copy rewords a decision only until its first vote', () => {
    const { alliance, a, b } = setup();
    const d = alliance.proposeDecision({ title: 'Open the Lyon depot', category: 'execution', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: a.id });
    alliance.rewordDecision(d.id, { title: 'Open the Lyon hub', body: 'Near the river' });
    const reworded = alliance.decision(d.id)!;
    expect(reworded).toMatchObject({ title: 'Open the Lyon hub', body: 'Near the river' });
    alliance.castVote(d.id, b.id, 'yes', 'Bo');
    expect(alliance.decision(d.id)!.votes[b.id]!.on).toBe(wordingOf(reworded));
    expect(refusal(() => alliance.rewordDecision(d.id, { title: 'Close the Lyon depot' }))).toMatchObject({ code: 'not-allowed', field: 'decisionId' });
    alliance.withdrawDecision(d.id);
    expect(refusal(() => alliance.rewordDecision(d.id, { title: 'Close it' })).message).toBe('This decision is already withdrawn');
  });

  it('DEC-7: a withdrawn decision is reopened as it was (the undo of a withdrawal); only a withdrawn one', () => {
    const { alliance, a } = setup();
    const d = alliance.proposeDecision({ title: 'Hire', category: 'execution', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: a.id });
    expect(refusal(() => alliance.reopenDecision(d.id))).toMatchObject({ code: 'not-allowed', message: 'This decision is open, not withdrawn' });
    alliance.withdrawDecision(d.id);
    alliance.reopenDecision(d.id);
    expect(alliance.decision(d.id)!.status).toBe('open');
  });
});
