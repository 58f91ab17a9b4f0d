import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';
import { errorOf } from '../testing/refusals.ts';
import { charterBlocks } from './charter.ts';
import { LIMITS } from '../schema.ts';
import { wordingOf } from '../method/wording.ts';

const T0 = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

function setup(now = T0) {
  let clock = now;
  const doc = new Y.Doc();
  const alliance = AllianceDocument.create(
    doc,
    { name: 'Harbour Logistics', mode: 'full', partners: [{ name: 'TechCo', votingWeight: 2 }, { name: 'LogiCorp' }, { name: 'GreenAlliance', minorityProtected: true }] },
    { now: () => clock },
  );
  const [a, b, c] = alliance.snapshot().partners;
  return { doc, alliance, a: a!, b: b!, c: c!, tick: (ms: number) => (clock += ms) };
}

describe('alliance document: creation and reading', () => {
  it('DOC-1: create writes meta with schema v1, default rules, exit plan and partners in joining order', () => {
    const { alliance } = setup();
    const snap = alliance.snapshot();
    expect(snap.meta).toMatchObject({ name: 'Harbour Logistics', mode: 'full', schemaVersion: 1, createdAt: T0, reviewCadenceMonths: 6 });
    expect(snap.partners.map((p) => p.name)).toEqual(['TechCo', 'LogiCorp', 'GreenAlliance']);
    expect(snap.partners.map((p) => p.color)).toEqual(['#1f6feb', '#c2410c', '#15803d']);
    expect(snap.governance.rules).toEqual({ strategic: 'consensus', execution: 'lead-partner', critical: 'weighted-majority' });
    expect(snap.exitPlan).toEqual({ noticePeriodDays: 90, nonDisparagement: true, forceMajeure: '', assets: [] });
    expect(alliance.isInitialised()).toBe(true);
    expect(new AllianceDocument(new Y.Doc()).isInitialised()).toBe(false);
  });

  it('DOC-2: light mode defaults to a quarterly review and the one-page charter', () => {
    const doc = new Y.Doc();
    const alliance = AllianceDocument.create(doc, { name: 'Pop-up', mode: 'light', withCharterTemplate: true });
    expect(alliance.meta().reviewCadenceMonths).toBe(3);
    const headings = charterBlocks(alliance.charter()).filter((b) => b.type === 'heading').map((b) => b.text);
    expect(headings).toEqual(['One-page agreement', 'Decision-making', 'Communication', 'Exit']);
  });

  it('DOC-3: the charter template never overwrites text the partners wrote', () => {
    const { alliance } = setup();
    expect(alliance.applyCharterTemplate('full')).toBe(true);
    const count = alliance.charter().length;
    expect(alliance.applyCharterTemplate('light')).toBe(false);
    expect(alliance.charter().length).toBe(count);
  });
});

describe('alliance document: validation at the edge', () => {
  it('EDGE-1: wrong types get a typed error with a code and the field', () => {
    const { alliance, a } = setup();
    const e = errorOf(() => alliance.addInterest({ partnerId: a.id, kind: 'wish' as never, layer: 'strategic', text: 'x' }));
    expect(e.code).toBe('invalid-field');
    expect(e.field).toBe('kind');
    expect(errorOf(() => alliance.addPartner({ name: 42 as never })).field).toBe('name');
    expect(errorOf(() => alliance.addPartner({ name: '   ' })).code).toBe('invalid-field');
    expect(errorOf(() => alliance.updatePartner(a.id, { votingWeight: Number.NaN })).field).toBe('votingWeight');
    expect(errorOf(() => alliance.addPartner({ name: 'X', color: 'red' })).field).toBe('color');
  });

  it('EDGE-2: missing required fields and unknown records are refused', () => {
    const { alliance } = setup();
    expect(errorOf(() => alliance.addCommitment({ partnerId: 'nobody', text: 'x' } as never)).code).toBe('missing-field');
    expect(errorOf(() => alliance.addCommitment({ partnerId: 'nobody', text: 'x', dueAt: T0 })).code).toBe('unknown-record');
  });

  it('EDGE-3: unknown fields are ignored and __proto__ never becomes a key', () => {
    const { alliance, doc } = setup();
    const hostile = JSON.parse('{"name":"Evil Corp","__proto__":{"admin":true},"isAdmin":true}');
    const partner = alliance.addPartner(hostile);
    const stored = (doc.getMap('partners').get(partner.id) as Y.Map<unknown>).toJSON();
    expect(Object.keys(stored).sort()).toEqual(['color', 'exitEffectiveAt', 'exitNoticeAt', 'joinedAt', 'minorityProtected', 'name', 'status', 'votingWeight']);
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
    const fit = JSON.parse(`{"__proto__": 5}`);
    expect(errorOf(() => alliance.recordReview({ by: 'x', fit })).code).toBe('invalid-field');
  });

  it('EDGE-5: text is bounded: a name at most 200 characters, a short text 2,000, a long text 20,000', () => {
    const { alliance, a } = setup();
    expect(alliance.addPartner({ name: 'n'.repeat(LIMITS.name) }).name).toHaveLength(200);
    expect(errorOf(() => alliance.addPartner({ name: 'n'.repeat(LIMITS.name + 1) }))).toMatchObject({ code: 'invalid-field', field: 'name', message: 'name must be at most 200 characters' });
    expect(alliance.addInterest({ partnerId: a.id, kind: 'explicit', layer: 'strategic', text: 't'.repeat(LIMITS.shortText) }).text).toHaveLength(2_000);
    expect(errorOf(() => alliance.addInterest({ partnerId: a.id, kind: 'explicit', layer: 'strategic', text: 't'.repeat(LIMITS.shortText + 1) })).field).toBe('text');
    const decision = { title: 'T', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' } as const;
    expect(alliance.proposeDecision({ ...decision, body: 'b'.repeat(LIMITS.longText) }).body).toHaveLength(20_000);
    expect(errorOf(() => alliance.proposeDecision({ ...decision, body: 'b'.repeat(LIMITS.longText + 1) })).field).toBe('body');
  });

  it('EDGE-4: malformed values written by another peer read back as defaults, never crash', () => {
    const { alliance, doc, a } = setup();
    const record = doc.getMap('partners').get(a.id) as Y.Map<unknown>;
    record.set('votingWeight', 'lots');
    record.set('status', { evil: true });
    doc.getArray('trust').push([{ id: 'x', kind: 'bribe', points: 1e9 }, 'garbage', null]);
    doc.getMap('partners').set('notamap', 7);
    const snap = alliance.snapshot();
    const partner = snap.partners.find((p) => p.id === a.id)!;
    expect(partner.votingWeight).toBe(1);
    expect(partner.status).toBe('active');
    expect(snap.trust).toEqual([]);
    expect(snap.partners).toHaveLength(3);
  });
});

describe('alliance document: schema versions', () => {
  it('VER-1: a document from a newer schema opens read-only with a clear reason', () => {
    const { alliance, doc } = setup();
    doc.getMap('meta').set('schemaVersion', 2);
    expect(alliance.readOnlyReason()).toMatch(/newer version of Trellis/);
    expect(alliance.snapshot().meta.name).toBe('Harbour Logistics');
    expect(errorOf(() => alliance.addPartner({ name: 'X' })).code).toBe('read-only');
  });

  it('VER-2: a document with no schemaVersion (older) opens as v1 and stays editable', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('name', 'Old alliance');
    const alliance = new AllianceDocument(doc);
    expect(alliance.readOnlyReason()).toBeNull();
    expect(alliance.meta()).toMatchObject({ name: 'Old alliance', schemaVersion: 1, mode: 'full' });
    expect(alliance.addPartner({ name: 'A' }).name).toBe('A');
  });
});

describe('alliance document: records', () => {
  it('REC-1: removing a partner removes its interests and the links that touch them', () => {
    const { alliance, a, b } = setup();
    const ia = alliance.addInterest({ partnerId: a.id, kind: 'explicit', layer: 'strategic', text: 'Grow' });
    const ib = alliance.addInterest({ partnerId: b.id, kind: 'red-line', layer: 'operational', text: 'No exclusivity' });
    alliance.linkInterests({ fromInterestId: ia.id, toInterestId: ib.id, relation: 'conflicts' });
    alliance.removePartner(a.id);
    const snap = alliance.snapshot();
    expect(snap.interests.map((i) => i.id)).toEqual([ib.id]);
    expect(snap.alignment).toEqual([]);
  });

  it('REC-2: an interest cannot be linked to itself', () => {
    const { alliance, a } = setup();
    const i = alliance.addInterest({ partnerId: a.id, kind: 'explicit', layer: 'strategic', text: 'Grow' });
    expect(errorOf(() => alliance.linkInterests({ fromInterestId: i.id, toInterestId: i.id, relation: 'supports' })).field).toBe('toInterestId');
  });

  it('REC-3: deposits add and withdrawals take away; the sign is checked', () => {
    const { alliance, a } = setup();
    const deposit = alliance.recordTrust({ by: 'Ana', partnerId: a.id, kind: 'information-shared-early', note: 'roadmap' });
    expect(deposit.points).toBeGreaterThan(0);
    const withdrawal = alliance.recordTrust({ by: 'Ana', partnerId: a.id, kind: 'breach' });
    expect(withdrawal.points).toBeLessThan(0);
    expect(errorOf(() => alliance.recordTrust({ by: 'Ana', partnerId: a.id, kind: 'breach', points: 3 })).field).toBe('points');
    expect(alliance.snapshot().trust.map((t) => t.kind)).toEqual(['information-shared-early', 'breach']);
  });

  it('REC-4: delivering or missing a commitment records the matching trust entry, once', () => {
    const { alliance, a, b, tick } = setup();
    const delivered = alliance.addCommitment({ partnerId: a.id, text: 'Ship API', dueAt: T0 + 7 * DAY });
    const missed = alliance.addCommitment({ partnerId: b.id, text: 'Open depot', dueAt: T0 + 7 * DAY });
    tick(DAY);
    alliance.resolveCommitment(delivered.id, 'delivered', 'Ana');
    alliance.resolveCommitment(missed.id, 'missed', 'Bo');
    const snap = alliance.snapshot();
    expect(snap.trust.map(({ id: _id, ...entry }) => entry)).toEqual([
      { at: T0 + DAY, by: 'Ana', partnerId: a.id, toward: null, kind: 'commitment-delivered', points: 3, note: 'Delivered: Ship API', commitmentId: delivered.id, recordedBy: null },
      { at: T0 + DAY, by: 'Bo', partnerId: b.id, toward: null, kind: 'deadline-missed', points: -3, note: 'Missed: Open depot', commitmentId: missed.id, recordedBy: null },
    ]);
    expect(new Set(snap.trust.map((t) => t.id)).size).toBe(2);
    expect(snap.commitments.find((c) => c.id === delivered.id)).toMatchObject({ status: 'delivered', resolvedAt: T0 + DAY });
    expect(errorOf(() => alliance.resolveCommitment(delivered.id, 'missed', 'Ana')).code).toBe('not-allowed');
    expect(alliance.snapshot().trust).toHaveLength(2);
  });

  it('REC-5: cancelling a commitment records no trust entry', () => {
    const { alliance, a } = setup();
    const c = alliance.addCommitment({ partnerId: a.id, text: 'Maybe', dueAt: T0 });
    alliance.resolveCommitment(c.id, 'cancelled', 'Ana');
    expect(alliance.snapshot().trust).toEqual([]);
  });

  it('REC-6: check-in scores must be whole numbers from 1 to 5', () => {
    const { alliance, a } = setup();
    expect(errorOf(() => alliance.recordCheckIn({ partnerId: a.id, by: 'Ana', scores: { openness: 6, reliability: 3, fairness: 3, momentum: 3 } })).field).toBe('scores.openness');
    const ok = alliance.recordCheckIn({ partnerId: a.id, by: 'Ana', scores: { openness: 5, reliability: 3, fairness: 2, momentum: 1 } });
    expect(alliance.snapshot().checkins).toEqual([ok]);
  });

  it('REC-7: shared assets and exit terms are kept in the exit plan', () => {
    const { alliance } = setup();
    const asset = alliance.addAsset({ name: 'Brand', holder: 'Joint', split: 'retired' });
    alliance.updateExitPlan({ noticePeriodDays: 60, forceMajeure: 'Pandemic' });
    alliance.updateAsset(asset.id, { holder: 'TechCo' });
    expect(alliance.exitPlan()).toEqual({ noticePeriodDays: 60, nonDisparagement: true, forceMajeure: 'Pandemic', assets: [{ id: asset.id, name: 'Brand', holder: 'TechCo', split: 'retired' }] });
    alliance.removeAsset(asset.id);
    expect(alliance.exitPlan().assets).toEqual([]);
  });

  it('REC-8: an exit is exiting until its effective date, then exited', () => {
    const { alliance, b, tick } = setup();
    alliance.startExit(b.id, { effectiveAt: T0 + 90 * DAY });
    expect(alliance.partners.get(b.id)).toMatchObject({ status: 'exiting', exitNoticeAt: T0, exitEffectiveAt: T0 + 90 * DAY });
    expect(alliance.completeDueExits()).toEqual([]);
    tick(90 * DAY);
    expect(alliance.completeDueExits()).toEqual([b.id]);
    expect(alliance.partners.get(b.id)?.status).toBe('exited');
    expect(errorOf(() => alliance.startExit(b.id, { noticeAt: T0 + 10 * DAY, effectiveAt: T0 })).field).toBe('effectiveAt');
  });
  it('REC-9: concurrent removal of a partner hides what another device added to it, and a commitment resolved twice counts once', () => {
    const { alliance, doc, a, b } = setup();
    const shared = alliance.addInterest({ partnerId: b.id, kind: 'explicit', layer: 'strategic', text: 'Grow' });
    const c = alliance.addCommitment({ partnerId: a.id, text: 'Ship', dueAt: T0 });
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const replica = new AllianceDocument(other, { now: () => T0 + 5 });
    alliance.removePartner(b.id);
    const orphan = replica.addInterest({ partnerId: b.id, kind: 'implicit', layer: 'relational', text: 'Autonomy' });
    replica.linkInterests({ fromInterestId: shared.id, toInterestId: orphan.id, relation: 'supports' });
    alliance.resolveCommitment(c.id, 'delivered', 'Ana');
    replica.resolveCommitment(c.id, 'delivered', 'Bo');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    for (const copy of [alliance, replica]) {
      const snap = copy.snapshot();
      expect(snap.interests).toEqual([]);
      expect(snap.alignment).toEqual([]);
      expect(snap.trust.filter((t) => t.commitmentId === c.id)).toHaveLength(1);
    }
    expect(doc.getArray('trust').length).toBe(2);
  });
});

describe('alliance document: decisions', () => {
  it('DEC-1: votes are one key per partner, so concurrent votes from two replicas both count', () => {
    const { alliance, doc, a, b } = setup();
    const d = alliance.proposeDecision({ title: 'Data ownership', category: 'strategic', deadline: T0 + 7 * DAY, createdBy: 'Ana' });
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const replica = new AllianceDocument(other, { now: () => T0 + DAY });
    alliance.castVote(d.id, a.id, 'yes', 'Ana');
    replica.castVote(d.id, b.id, 'no', 'Bo');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(alliance.decision(d.id)!.votes).toEqual({
      [a.id]: { choice: 'yes', at: T0, by: 'Ana', on: wordingOf(d) },
      [b.id]: { choice: 'no', at: T0 + DAY, by: 'Bo', on: wordingOf(d) },
    });
    expect(replica.decision(d.id)!.votes).toEqual(alliance.decision(d.id)!.votes);
  });

  it('DEC-2: only a minority-protected partner may veto, and only on a veto category', () => {
    const { alliance, a, c } = setup();
    const critical = alliance.proposeDecision({ title: 'Sell the brand', category: 'critical', deadline: T0 + DAY, createdBy: 'Ana' });
    const strategic = alliance.proposeDecision({ title: 'New market', category: 'strategic', deadline: T0 + DAY, createdBy: 'Ana' });
    expect(errorOf(() => alliance.castVote(critical.id, a.id, 'veto', 'Ana')).code).toBe('not-allowed');
    expect(errorOf(() => alliance.castVote(strategic.id, c.id, 'veto', 'Cy')).code).toBe('not-allowed');
    alliance.castVote(critical.id, c.id, 'veto', 'Cy');
    expect(alliance.decision(critical.id)!.votes[c.id]!.choice).toBe('veto');
  });

  it('DEC-3: escalation moves a decision to the steering committee with a fresh time limit', () => {
    const { alliance, a, tick } = setup();
    const d = alliance.proposeDecision({ title: 'Route split', category: 'execution', deadline: T0 + 2 * DAY, createdBy: 'Ana' });
    tick(3 * DAY);
    alliance.escalateDecision(d.id, 'Past the operational time limit');
    expect(alliance.decision(d.id)).toMatchObject({ level: 'steering', status: 'escalated', escalatedAt: T0 + 3 * DAY, deadline: T0 + 33 * DAY });
    alliance.castVote(d.id, a.id, 'yes', 'Ana');
    alliance.recordOutcome(d.id, 'passed');
    expect(alliance.decision(d.id)).toMatchObject({ status: 'decided', outcome: 'passed' });
    expect(errorOf(() => alliance.castVote(d.id, a.id, 'no', 'Ana')).code).toBe('not-allowed');
  });

  it('DEC-4: an exited partner no longer votes; comments form the thread in time order', () => {
    const { alliance, b, tick } = setup();
    const d = alliance.proposeDecision({ title: 'T', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    alliance.commentOnDecision(d.id, { by: 'Ana', text: 'First' });
    tick(1000);
    alliance.commentOnDecision(d.id, { by: 'Bo', partnerId: b.id, text: 'Second' });
    expect(alliance.decision(d.id)!.comments.map((c) => c.text)).toEqual(['First', 'Second']);
    alliance.startExit(b.id, { noticeAt: T0 - 100 * DAY, effectiveAt: T0 - DAY });
    expect(errorOf(() => alliance.castVote(d.id, b.id, 'yes', 'Bo')).code).toBe('not-allowed');
  });

  it('DEC-5: a bare vote string (the contract’s minimal form) still reads as a vote', () => {
    const { alliance, doc, a } = setup();
    const d = alliance.proposeDecision({ title: 'T', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana' });
    const votes = (doc.getMap('decisions').get(d.id) as Y.Map<unknown>).get('votes') as Y.Map<unknown>;
    votes.set(a.id, 'abstain');
    votes.set('__proto__', 'yes');
    expect(alliance.decision(d.id)!.votes).toEqual({ [a.id]: { choice: 'abstain', at: T0, by: '', on: null } });
  });
});

describe('alliance document: governance', () => {
  it('GOVDOC-1: rules per category merge field by field; bad values are refused', () => {
    const { alliance, a } = setup();
    alliance.updateGovernance({ rules: { execution: 'majority' } as never, quorum: 0.75, leadPartnerId: a.id });
    expect(alliance.governance()).toMatchObject({ rules: { strategic: 'consensus', execution: 'majority', critical: 'weighted-majority' }, quorum: 0.75, leadPartnerId: a.id });
    expect(errorOf(() => alliance.updateGovernance({ quorum: 2 })).field).toBe('quorum');
    expect(errorOf(() => alliance.updateGovernance({ rules: { strategic: 'dictator' } as never })).field).toBe('rules.strategic');
    expect(errorOf(() => alliance.updateGovernance({ leadPartnerId: 'ghost' })).code).toBe('unknown-record');
  });
});
