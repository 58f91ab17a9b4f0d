import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';
import { snapshotParts } from './snapshotParts.ts';

describe('the snapshot keeps what did not change', () => {
  const setup = () => {
    const doc = new Y.Doc();
    const alliance = AllianceDocument.create(doc, { name: 'Lyon depots', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }], withCharterTemplate: true });
    return { doc, alliance };
  };

  it('SNAP-1: typing in the charter rebuilds the charter and hands out every other part as it was', () => {
    const { alliance } = setup();
    const before = alliance.snapshot();
    const paragraph = alliance.charter().get(1) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(0, 'Typed: ');
    const after = alliance.snapshot();
    expect(after.charter).not.toBe(before.charter);
    expect(after.charter.some((block) => block.text.startsWith('Typed: '))).toBe(true);
    for (const part of ['partners', 'interests', 'alignment', 'trust', 'commitments', 'decisions', 'charterThreads', 'charterComments', 'charterVersions', 'charterRatifications', 'meta', 'governance', 'exitPlan'] as const) {
      expect(after[part], part).toBe(before[part]);
    }
  });

  it('SNAP-1: a change to a record, made here or merged from another copy, gives its part afresh', () => {
    const { doc, alliance } = setup();
    const before = alliance.snapshot();
    const [techCo] = before.partners;
    alliance.recordTrust({ by: 'Ana', partnerId: techCo!.id, kind: 'information-shared-early', note: 'routing data' });
    const afterTrust = alliance.snapshot();
    expect(afterTrust.trust).not.toBe(before.trust);
    expect(afterTrust.trust).toHaveLength(before.trust.length + 1);
    expect(afterTrust.partners).toBe(before.partners);

    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    new AllianceDocument(other).updatePartner(techCo!.id, { name: 'TechCo Europe' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    const merged = alliance.snapshot();
    expect(merged.partners).not.toBe(afterTrust.partners);
    expect(merged.partners.map((p) => p.name)).toContain('TechCo Europe');
    expect(merged.trust).toBe(afterTrust.trust);
  });

  it('SNAP-1: the alliance\'s own details are built again after they change', () => {
    const { alliance } = setup();
    const before = alliance.snapshot();
    alliance.updateMeta({ purpose: 'Shared depots in Lyon' });
    expect(alliance.snapshot().meta.purpose).toBe('Shared depots in Lyon');
    expect(alliance.snapshot().partners).toBe(before.partners);
  });

  // Each change below arrives alone from another copy and touches one root only: the part that reads that root
  // beside its own must still be built again (REC-9, COMMIT-4).
  const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
  const copyOf = (doc: Y.Doc) => {
    const copy = new Y.Doc();
    sync(doc, copy);
    return copy;
  };

  it('SNAP-1, REC-9: a partner removed on another copy hides the interests added to it here, though only the partners changed', () => {
    const { doc, alliance } = setup();
    const [techCo] = alliance.snapshot().partners;
    const other = copyOf(doc);
    alliance.addInterest({ partnerId: techCo!.id, kind: 'explicit', layer: 'strategic', text: 'Shared routing' });
    expect(alliance.snapshot().interests.map((i) => i.text)).toEqual(['Shared routing']);
    new AllianceDocument(other).removePartner(techCo!.id);
    sync(other, doc);
    expect(alliance.snapshot().interests).toEqual([]);
  });

  it('SNAP-1, COMMIT-4: a mark arriving alone changes how a commitment reads; a cancellation arriving alone changes which trust entries count', () => {
    const { doc, alliance } = setup();
    const [techCo, logiCorp] = alliance.snapshot().partners;
    const promise = alliance.addCommitment({ partnerId: techCo!.id, text: 'Open the Lyon depot', dueAt: Date.UTC(2030, 0, 1) });
    const promiser = copyOf(doc);
    const marker = copyOf(doc);
    expect(alliance.snapshot().commitments.map((c) => c.status)).toEqual(['open']);

    // LogiCorp marks it delivered on its copy: a trust entry, and no write to the commitment itself.
    new AllianceDocument(marker).resolveCommitment(promise.id, 'delivered', 'Bo', logiCorp!.id);
    sync(marker, doc);
    const marked = alliance.snapshot();
    expect(marked.commitments.map((c) => c.status)).toEqual(['delivered']);
    expect(marked.trust.map((t) => t.commitmentId)).toEqual([promise.id]);

    // Meanwhile TechCo cancelled it on its own copy: the commitment's status only. Its partner's word wins, and the
    // mark no longer counts.
    new AllianceDocument(promiser).resolveCommitment(promise.id, 'cancelled', 'Ana', techCo!.id);
    sync(promiser, doc);
    const cancelled = alliance.snapshot();
    expect(cancelled.commitments.map((c) => c.status)).toEqual(['cancelled']);
    expect(cancelled.trust).toEqual([]);
  });

  it('SNAP-1: a block\'s text is read again only when something inside it changed, here or merged', () => {
    const { doc, alliance } = setup();
    const parts = snapshotParts(doc);
    const [first, second] = [alliance.charter().get(1) as Y.XmlElement, alliance.charter().get(3) as Y.XmlElement];
    let reads = 0;
    const read = (block: Y.XmlElement) => parts.entryPart(block, () => `${reads++}`);
    expect([read(first), read(second)]).toEqual(['0', '1']);
    (first.get(0) as Y.XmlText).insert(0, 'Typed: ');
    expect([read(first), read(second)]).toEqual(['2', '1']);
    // A mark set on the other block's words (a suggestion, from another copy) changes that block alone.
    const other = copyOf(doc);
    ((new AllianceDocument(other).charter().get(3) as Y.XmlElement).get(0) as Y.XmlText).format(0, 3, { bold: true });
    sync(other, doc);
    expect([read(first), read(second)]).toEqual(['2', '3']);
  });

  it('SNAP-1: the charter\'s blocks read each change, whichever block it was in, and a suggestion accepted or struck', () => {
    const { doc, alliance } = setup();
    const texts = () => alliance.snapshot().charter.map((block) => block.text);
    const before = texts();
    const words = (index: number) => (alliance.charter().get(index) as Y.XmlElement).get(0) as Y.XmlText;
    words(1).insert(0, 'Typed: ');
    expect(texts()[1]).toBe(`Typed: ${before[1]}`);
    // A suggested insertion is not in the text until it is accepted (its mark removed), on another copy here.
    words(3).insert(0, 'Proposed ', { insertion: { id: 's1', by: 'p1' } });
    expect(texts()[3]).toBe(before[3]);
    const other = copyOf(doc);
    ((new AllianceDocument(other).charter().get(3) as Y.XmlElement).get(0) as Y.XmlText).format(0, 'Proposed '.length, { insertion: null });
    sync(other, doc);
    expect(texts()).toEqual([before[0], `Typed: ${before[1]}`, before[2], `Proposed ${before[3]}`, ...before.slice(4)]);
  });

  it('SNAP-1: a part handed out again cannot be reordered by a reader', () => {
    const { alliance } = setup();
    expect(() => alliance.snapshot().partners.reverse()).toThrow(TypeError);
  });
});
