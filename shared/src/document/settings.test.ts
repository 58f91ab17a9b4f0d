/**
 * The document's settings and smaller aggregates, refusal by refusal: governance, exit plan and assets, meta and
 * schema versions, trust entries and commitments (GOVDOC-1, REC-3..7, VER-1, EDGE-1..3).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';
import { errorOf, refusal } from '../testing/refusals.ts';
import { openRecords, pickKnown } from './records.ts';
import { secureRandomBytes } from '../ids.ts';

const T0 = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

function setup() {
  const doc = new Y.Doc();
  const alliance = AllianceDocument.create(doc, { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }] }, { now: () => T0 });
  const [a, b] = alliance.snapshot().partners;
  return { doc, alliance, a: a!, b: b! };
}

describe('governance settings', () => {
  it('DOC-1, GOVDOC-1: a new alliance\'s document holds its rules, each category under its own key, not only as defaults a reader falls back on', () => {
    // Written out, the rules the alliance started with stay its rules for a later version whose defaults differ.
    const { doc } = setup();
    expect(doc.getMap('governance').toJSON()).toEqual({
      strategicRule: 'consensus',
      executionRule: 'lead-partner',
      criticalRule: 'weighted-majority',
      quorum: 0.5,
      leadPartnerId: null,
      operationalTimeLimitDays: 14,
      steeringTimeLimitDays: 30,
      vetoCategories: ['critical'],
    });
  });

  it('GOVDOC-1: rules must be an object; each setting changes on its own; an unset lead needs no partner', () => {
    const { alliance, a } = setup();
    for (const bad of [null, 'consensus']) {
      expect(refusal(() => alliance.updateGovernance({ rules: bad as never }))).toMatchObject({ code: 'invalid-field', message: 'rules must be an object', field: 'rules' });
    }
    alliance.updateGovernance({ rules: undefined, quorum: 0.6, operationalTimeLimitDays: 10, steeringTimeLimitDays: 20, vetoCategories: ['strategic'], leadPartnerId: a.id });
    expect(alliance.governance()).toEqual({
      rules: { strategic: 'consensus', execution: 'lead-partner', critical: 'weighted-majority' },
      quorum: 0.6,
      leadPartnerId: a.id,
      operationalTimeLimitDays: 10,
      steeringTimeLimitDays: 20,
      vetoCategories: ['strategic'],
    });
    alliance.updateGovernance({ leadPartnerId: null });
    expect(alliance.governance().leadPartnerId).toBeNull();
    alliance.updateGovernance(null as never);
    expect(alliance.governance().quorum).toBe(0.6);
  });

  it('GOVDOC-1, EDGE-4: a rule a peer stored badly reads as that category’s default rule', () => {
    const { doc, alliance } = setup();
    doc.getMap('governance').set('executionRule', 'dictator');
    doc.getMap('governance').delete('criticalRule');
    expect(alliance.governance().rules).toEqual({ strategic: 'consensus', execution: 'lead-partner', critical: 'weighted-majority' });
  });
});

describe('exit plan', () => {
  it('REC-7: assets change field by field; a copy without the assets map reads none, and gets one on the first asset', () => {
    const { doc, alliance } = setup();
    const asset = alliance.addAsset({ name: 'Brand', holder: 'Joint', split: 'retired' });
    alliance.updateAsset(asset.id, { name: 'Brand 2', split: 'sold', holder: 'TechCo' });
    expect(alliance.exitPlan().assets).toEqual([{ id: asset.id, name: 'Brand 2', holder: 'TechCo', split: 'sold' }]);
    alliance.updateExitPlan({ nonDisparagement: false, noticePeriodDays: 30, forceMajeure: 'Floods' });
    expect(alliance.exitPlan()).toMatchObject({ nonDisparagement: false, noticePeriodDays: 30, forceMajeure: 'Floods' });
    doc.getMap('exitPlan').delete('assets');
    expect(alliance.exitPlan().assets).toEqual([]);
    expect(refusal(() => alliance.updateAsset(asset.id, { name: 'x' }))).toMatchObject({ code: 'unknown-record', message: 'This alliance has no shared assets yet', field: 'id' });
    expect(refusal(() => alliance.removeAsset(asset.id)).code).toBe('unknown-record');
    const again = alliance.addAsset({ name: 'Data', holder: 'Trust', split: 'copies' });
    expect(alliance.exitPlan().assets).toEqual([{ id: again.id, name: 'Data', holder: 'Trust', split: 'copies' }]);
    expect(refusal(() => alliance.removeAsset('nope'))).toMatchObject({ code: 'unknown-record', message: 'No asset with id nope' });
  });
});

describe('meta and versions', () => {
  it('VER-1: a newer schema gives the reason in words; the same or an older one, or a non-number, is editable', () => {
    const { doc, alliance } = setup();
    const meta = doc.getMap('meta');
    meta.set('schemaVersion', 2);
    expect(alliance.readOnlyReason()).toBe('This alliance was saved by a newer version of Trellis (document schema 2; this app knows 1). Update the app to edit it; you can still read it.');
    expect(refusal(() => alliance.updateMeta({ name: 'x' })).code).toBe('read-only');
    meta.set('schemaVersion', '3');
    expect(alliance.readOnlyReason()).toBeNull();
    meta.set('schemaVersion', 1);
    expect(alliance.readOnlyReason()).toBeNull();
    expect(alliance.isInitialised()).toBe(true);
    meta.set('name', 7);
    expect(alliance.isInitialised()).toBe(false);
  });
});

describe('trust entries and commitments', () => {
  it('REC-3: a deposit of zero and a withdrawal of zero are allowed; the sign is refused with its reason', () => {
    const { alliance, a, b } = setup();
    expect(alliance.recordTrust({ by: 'x', partnerId: a.id, kind: 'transparency', points: 0 }).points).toBe(0);
    expect(alliance.recordTrust({ by: 'x', partnerId: a.id, kind: 'breach', points: 0 }).points).toBe(0);
    expect(refusal(() => alliance.recordTrust({ by: 'x', partnerId: a.id, kind: 'transparency', points: -1 }))).toMatchObject({ code: 'invalid-field', message: 'A deposit adds points', field: 'points' });
    expect(refusal(() => alliance.recordTrust({ by: 'x', partnerId: a.id, kind: 'breach', points: 1 }))).toMatchObject({ message: 'A withdrawal takes points away', field: 'points' });
    expect(refusal(() => alliance.recordTrust({ by: 'x', partnerId: a.id, kind: 'gift' as never })).field).toBe('kind');
    expect(refusal(() => alliance.recordTrust({ by: 'x', partnerId: a.id, toward: 'ghost', kind: 'transparency' })).code).toBe('unknown-record');
    expect(refusal(() => alliance.recordTrust({ by: 'x', partnerId: a.id, recordedBy: 'ghost', kind: 'transparency' })).code).toBe('unknown-record');
    const toward = alliance.recordTrust({ by: 'x', partnerId: a.id, toward: b.id, recordedBy: b.id, kind: 'transparency', note: 'n' });
    expect(toward).toMatchObject({ toward: b.id, recordedBy: b.id, note: 'n', points: 2 });
    // Not an object, or a kind or points only inherited: refused as a DocumentError, never a crash.
    expect(refusal(() => alliance.recordTrust(null as never))).toMatchObject({ code: 'invalid-field', field: 'kind' });
    const inherited = Object.assign(Object.create({ kind: 'breach', points: -50 }) as object, { by: 'x', partnerId: a.id });
    expect(refusal(() => alliance.recordTrust(inherited as never))).toMatchObject({ code: 'invalid-field', field: 'kind' });
  });

  it('REC-4, REC-5: resolving an unknown, or an unknown way, is refused; a cancelled commitment cannot be resolved again', () => {
    const { alliance, a } = setup();
    expect(refusal(() => alliance.resolveCommitment('nope', 'delivered', 'x'))).toMatchObject({ code: 'unknown-record', message: 'No commitment with id nope', field: 'id' });
    const c = alliance.addCommitment({ partnerId: a.id, text: 'Ship', dueAt: T0 + DAY });
    expect(refusal(() => alliance.resolveCommitment(c.id, 'forgotten' as never, 'x')).field).toBe('status');
    // A refused resolution writes nothing: the commitment stays open, with no trust entry.
    expect(refusal(() => alliance.resolveCommitment(c.id, 'delivered', 'y'.repeat(201))).field).toBe('by');
    expect(alliance.commitments.get(c.id)).toMatchObject({ status: 'open', resolvedAt: null });
    expect(alliance.snapshot().trust).toEqual([]);
    alliance.resolveCommitment(c.id, 'cancelled', 'x');
    expect(refusal(() => alliance.resolveCommitment(c.id, 'delivered', 'x'))).toMatchObject({ code: 'not-allowed', message: 'This commitment is already cancelled', field: 'status' });
    expect(refusal(() => alliance.updateCommitment('nope', { text: 'x' })).message).toBe('No commitment with id nope');
  });

  it('DEC-3: a refused escalation writes nothing', () => {
    const { alliance } = setup();
    const d = alliance.proposeDecision({ title: 'T', category: 'execution', deadline: T0 + DAY, createdBy: 'x' });
    expect(refusal(() => alliance.escalateDecision(d.id, 'r'.repeat(2_001))).field).toBe('reason');
    expect(alliance.decision(d.id)).toMatchObject({ level: 'operational', status: 'open', escalatedAt: null, escalationReason: '' });
  });

  it('EDGE-2: an input that is not an object has none of the required fields', () => {
    const { alliance } = setup();
    expect(refusal(() => alliance.recordCheckIn('x' as never))).toMatchObject({ code: 'missing-field', field: 'partnerId' });
    expect(refusal(() => alliance.recordReview(7 as never))).toMatchObject({ code: 'missing-field', field: 'by' });
    expect(refusal(() => alliance.addCommitment([] as never))).toMatchObject({ code: 'missing-field', field: 'partnerId' });
    expect(refusal(() => alliance.addPartner(null as never))).toMatchObject({ code: 'missing-field', field: 'name' });
    expect(refusal(() => alliance.proposeDecision(null as never))).toMatchObject({ code: 'missing-field', field: 'title' });
    expect(refusal(() => alliance.recordTrust({ by: 3 as never, partnerId: 'x', kind: 'breach' })).message).toBe('by must be text');
    expect(errorOf(() => alliance.addCommitment({} as never)).name).toBe('DocumentError');
  });

  it('EDGE-3: only own properties of an input are copied, and anything but an object gives nothing', () => {
    const input = Object.assign(Object.create({ inherited: 1 }) as Record<string, unknown>, { own: 2 });
    expect(pickKnown(input, ['own', 'inherited', 'missing'])).toEqual({ own: 2 });
    expect(pickKnown(null, ['own'])).toEqual({});
    expect(pickKnown('own', ['length'])).toEqual({});
    const records = openRecords(new Y.Doc(), () => T0, secureRandomBytes);
    expect(refusal(() => records.interests.require('x')).message).toBe('No interest with id x');
    expect(refusal(() => records.alignment.require('x')).message).toBe('No link with id x');
    expect(refusal(() => records.decisions.require('x')).message).toBe('No decision with id x');
    expect(refusal(() => records.partners.require('x')).message).toBe('No partner with id x');
    expect(records.partners.has('x')).toBe(false);
  });
});
