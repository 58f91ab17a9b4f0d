/**
 * Decisions as one copy writes them: what a proposal keeps, what each refusal tells the partner (code, words and
 * the field it goes beside), and the nested votes and comments that peers share (DEC-*, GOV-15).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';
import { refusal } from '../testing/refusals.ts';
import { mayWrite } from '../authority/rules.ts';

const T0 = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

function setup(doc = new Y.Doc()) {
  const alliance = AllianceDocument.create(
    doc,
    { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }, { name: 'Green', minorityProtected: true }] },
    { now: () => T0 },
  );
  const [a, b, c] = alliance.snapshot().partners;
  return { doc, alliance, a: a!, b: b!, c: c! };
}

const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));

describe('decisions', () => {
  it('DEC-6: a proposal keeps its body, level, proposer and change as given', () => {
    const { alliance, a } = setup();
    const change = { kind: 'quorum' as const, quorum: 0.75 };
    const d = alliance.proposeDecision({ title: 'Raise the quorum', body: 'Three in four', category: 'strategic', level: 'steering', deadline: T0 + DAY, createdBy: 'Ana', proposerId: a.id, change });
    expect(alliance.decision(d.id)).toMatchObject({ title: 'Raise the quorum', body: 'Three in four', category: 'strategic', level: 'steering', proposerId: a.id, change, status: 'open' });
  });

  it('DEC-4: two partners commenting at once on copies that each received the proposal both keep their comment', () => {
    const left = new Y.Doc();
    const { alliance, a, b } = setup(left);
    const d = alliance.proposeDecision({ title: 'Hire', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    const right = new Y.Doc();
    sync(left, right);
    const other = new AllianceDocument(right, { now: () => T0 + 1 });
    alliance.commentOnDecision(d.id, { by: 'Ana', partnerId: a.id, text: 'Yes, soon' });
    other.commentOnDecision(d.id, { by: 'Bo', partnerId: b.id, text: 'After the summer' });
    sync(left, right);
    sync(right, left);
    expect(alliance.decision(d.id)!.comments.map((x) => x.text)).toEqual(['Yes, soon', 'After the summer']);
    expect(other.decision(d.id)!.comments.map((x) => x.text)).toEqual(['Yes, soon', 'After the summer']);
  });

  it('DEC-6: an escalated decision may still be reworded; a decided one may not, and an unknown one is named', () => {
    const { alliance } = setup();
    const d = alliance.proposeDecision({ title: 'Hire', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    alliance.escalateDecision(d.id, 'Stuck');
    alliance.rewordDecision(d.id, { title: 'Hire two', body: 'Drivers', category: 'critical' });
    expect(alliance.decision(d.id)).toMatchObject({ title: 'Hire two', body: 'Drivers', category: 'critical', status: 'escalated' });
    alliance.recordOutcome(d.id, 'passed');
    expect(refusal(() => alliance.rewordDecision(d.id, { title: 'Hire three' }))).toEqual({ code: 'not-allowed', message: 'This decision is already decided', field: 'decisionId' });
    expect(refusal(() => alliance.rewordDecision('nope', { title: 'X' }))).toEqual({ code: 'unknown-record', message: 'No decision with id nope', field: 'decisionId' });
  });

  it('DEC-6: once someone has voted, a reword is refused, saying so', () => {
    const { alliance, b } = setup();
    const d = alliance.proposeDecision({ title: 'Hire', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    alliance.castVote(d.id, b.id, 'no', 'Bo');
    expect(refusal(() => alliance.rewordDecision(d.id, { title: 'Hire two' }))).toEqual({ code: 'not-allowed', message: 'A decision cannot be reworded once someone has voted', field: 'decisionId' });
  });

  it('GOV-15: a decided decision, or one its votes have decided, is not withdrawn; an unknown one is named', () => {
    const { alliance, a, b, c } = setup();
    expect(refusal(() => alliance.withdrawDecision('nope'))).toEqual({ code: 'unknown-record', message: 'No decision with id nope', field: 'decisionId' });
    const closed = alliance.proposeDecision({ title: 'Hire', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    alliance.recordOutcome(closed.id, 'rejected');
    expect(refusal(() => alliance.withdrawDecision(closed.id))).toEqual({ code: 'not-allowed', message: 'This decision is already decided', field: 'decisionId' });
    const d = alliance.proposeDecision({ title: 'Open Lyon', category: 'strategic', deadline: T0 + DAY, createdBy: 'Ana' });
    for (const p of [a, b, c]) alliance.castVote(d.id, p.id, 'yes', p.name);
    expect(refusal(() => alliance.withdrawDecision(d.id))).toEqual({
      code: 'not-allowed',
      message: 'The votes have decided this decision: it can no longer be withdrawn',
      field: 'decisionId',
    });
    expect(alliance.decision(d.id)!.status).toBe('open');
  });

  it('DEC-7: reopening an unknown decision names it; an open one is not withdrawn', () => {
    const { alliance } = setup();
    expect(refusal(() => alliance.reopenDecision('nope'))).toEqual({ code: 'unknown-record', message: 'No decision with id nope', field: 'decisionId' });
    const d = alliance.proposeDecision({ title: 'Hire', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    expect(refusal(() => alliance.reopenDecision(d.id))).toEqual({ code: 'not-allowed', message: 'This decision is open, not withdrawn', field: 'decisionId' });
  });

  it('DEC-5: neither __proto__ nor constructor is a voter, and the votes read as a plain record', () => {
    const { alliance, doc, a } = setup();
    const d = alliance.proposeDecision({ title: 'T', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    const votes = (doc.getMap('decisions').get(d.id) as Y.Map<unknown>).get('votes') as Y.Map<unknown>;
    votes.set('__proto__', 'yes');
    votes.set('constructor', 'no');
    votes.set(a.id, 'abstain');
    const read = alliance.decision(d.id)!.votes;
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.keys(read)).toEqual([a.id]);
  });

  it('AUTH-11: the view the relay judges by holds every decision with its votes, so the close the votes earned is admitted', () => {
    const { alliance, a, b, c } = setup();
    const d = alliance.proposeDecision({ title: 'Open Lyon', category: 'strategic', deadline: T0 + DAY, createdBy: 'Ana' });
    for (const p of [a, b, c]) alliance.castVote(d.id, p.id, 'yes', p.name);
    expect(alliance.decisions.get(d.id)).toMatchObject({ title: 'Open Lyon', status: 'open' });
    const view = alliance.authorityView();
    const snapshot = alliance.snapshot();
    const byId = <T extends { id: string }>(list: T[]) => [...list].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect({ ...view, partners: byId(view.partners) }).toEqual({
      partners: byId(snapshot.partners),
      interests: [],
      alignment: [],
      commitments: [],
      decisions: snapshot.decisions,
      governance: snapshot.governance,
      charterThreads: [],
      charterComments: [],
      charterVersions: [],
      charterRatifications: [],
    });
    expect(Object.keys(view.decisions[0]!.votes).sort()).toEqual([a.id, b.id, c.id].sort());
    const close = mayWrite({ role: 'edit', partnerId: b.id }, { kind: 'decision', decisionId: d.id, field: 'outcome' }, { op: 'update', value: 'passed' }, view, T0);
    expect(close.allowed).toBe(true);
  });

  it('REC-10: a form that sends every field changes only those it changed, so a concurrent edit of another field stays', () => {
    for (const [left, right] of [[1, 2], [2, 1]]) {
      const one = new Y.Doc();
      one.clientID = left!;
      const { alliance, a } = setup(one);
      const i = alliance.addInterest({ partnerId: a.id, kind: 'explicit', layer: 'strategic', text: 'Grow', priority: 2 });
      const two = new Y.Doc();
      two.clientID = right!;
      sync(one, two);
      const other = new AllianceDocument(two, { now: () => T0 });
      alliance.updateInterest(i.id, { text: 'Grow', priority: 3 });
      other.updateInterest(i.id, { text: 'Grow fast', priority: 2 });
      sync(one, two);
      sync(two, one);
      expect(alliance.interests.get(i.id), `clients ${left}, ${right}`).toMatchObject({ text: 'Grow fast', priority: 3 });
      expect(other.interests.get(i.id)).toMatchObject({ text: 'Grow fast', priority: 3 });
    }
  });
});
