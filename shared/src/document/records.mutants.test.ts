/**
 * Records whose effects the snapshot would hide: what a removal leaves in the document itself, what a merge leaves
 * dangling, a commitment resolved without a recording partner, an exit with no date, and shared assets added on two
 * copies at once (REC-4, REC-5, REC-7, REC-8, REC-9, REC-10).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';
import { refusal } from '../testing/refusals.ts';

const T0 = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

function setup(doc = new Y.Doc()) {
  const alliance = AllianceDocument.create(doc, { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }] }, { now: () => T0 });
  const [a, b] = alliance.snapshot().partners;
  return { doc, alliance, a: a!, b: b! };
}

const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));

describe('records, beyond what the snapshot shows', () => {
  it('REC-10: removing an interest removes the links on either side of it from the document, not only from view', () => {
    const { alliance, a, b } = setup();
    const i = alliance.addInterest({ partnerId: a.id, kind: 'explicit', layer: 'strategic', text: 'Grow' });
    const j = alliance.addInterest({ partnerId: b.id, kind: 'explicit', layer: 'strategic', text: 'Calm' });
    const k = alliance.addInterest({ partnerId: b.id, kind: 'explicit', layer: 'strategic', text: 'Cash' });
    alliance.linkInterests({ fromInterestId: i.id, toInterestId: j.id, relation: 'supports' });
    alliance.linkInterests({ fromInterestId: k.id, toInterestId: i.id, relation: 'conflicts' });
    const kept = alliance.linkInterests({ fromInterestId: j.id, toInterestId: k.id, relation: 'supports' });
    alliance.removeInterest(i.id);
    expect(alliance.alignment.list().map((l) => l.id)).toEqual([kept.id]);
  });

  it('REC-10: removing a partner removes its interests from the document', () => {
    const { alliance, a, b } = setup();
    alliance.addInterest({ partnerId: a.id, kind: 'explicit', layer: 'strategic', text: 'Grow' });
    const theirs = alliance.addInterest({ partnerId: b.id, kind: 'explicit', layer: 'strategic', text: 'Calm' });
    alliance.removePartner(a.id);
    expect(alliance.interests.list().map((i) => i.id)).toEqual([theirs.id]);
  });

  it('REC-9: a link made on one copy to an interest removed meanwhile on another is hidden after the merge', () => {
    const left = new Y.Doc();
    const { alliance, a, b } = setup(left);
    const i = alliance.addInterest({ partnerId: a.id, kind: 'explicit', layer: 'strategic', text: 'Grow' });
    const j = alliance.addInterest({ partnerId: b.id, kind: 'explicit', layer: 'strategic', text: 'Calm' });
    const right = new Y.Doc();
    sync(left, right);
    const other = new AllianceDocument(right, { now: () => T0 });
    alliance.removeInterest(i.id);
    other.linkInterests({ fromInterestId: j.id, toInterestId: i.id, relation: 'supports' });
    sync(right, left);
    expect(alliance.alignment.list()).toHaveLength(1);
    expect(alliance.snapshot().alignment).toEqual([]);
  });

  it('REC-4, REC-5: a commitment resolved with no recording partner (a facilitator) is resolved; a cancellation records no trust', () => {
    const { alliance, a, b } = setup();
    const c = alliance.addCommitment({ partnerId: a.id, text: 'Ship', dueAt: T0 + DAY });
    alliance.resolveCommitment(c.id, 'delivered', 'Sam');
    expect(alliance.commitments.get(c.id)).toMatchObject({ status: 'delivered', resolvedAt: T0 });
    const d = alliance.addCommitment({ partnerId: a.id, text: 'Hire', dueAt: T0 + DAY });
    expect(refusal(() => alliance.resolveCommitment(d.id, 'cancelled', 'Bo', b.id))).toEqual({
      code: 'not-allowed',
      message: 'Only the partner who promised can cancel a commitment',
      field: 'status',
    });
    // The log itself: an entry for a cancellation would be written even if no reader showed it.
    const before = alliance.doc.getArray('trust').length;
    alliance.resolveCommitment(d.id, 'cancelled', 'Ana', a.id);
    expect(alliance.commitments.get(d.id)).toMatchObject({ status: 'cancelled' });
    expect(alliance.doc.getArray('trust').length).toBe(before);
  });

  it('REC-8: a partner marked exiting with no effective date (a peer\'s partial write) is not due to exit', () => {
    const { doc, alliance, a } = setup();
    ((doc.getMap('partners').get(a.id)) as Y.Map<unknown>).set('status', 'exiting');
    expect(alliance.completeDueExits()).toEqual([]);
    expect(alliance.partners.get(a.id)?.status).toBe('exiting');
  });

  it('REC-7: shared assets added at once on two copies of a new alliance are both kept', () => {
    const left = new Y.Doc();
    const { alliance } = setup(left);
    const right = new Y.Doc();
    sync(left, right);
    const other = new AllianceDocument(right, { now: () => T0 });
    alliance.addAsset({ name: 'Depot', holder: 'TechCo', split: 'even' });
    other.addAsset({ name: 'Brand', holder: 'LogiCorp', split: 'even' });
    sync(left, right);
    sync(right, left);
    expect(alliance.exitPlan().assets.map((x) => x.name).sort()).toEqual(['Brand', 'Depot']);
  });
});
