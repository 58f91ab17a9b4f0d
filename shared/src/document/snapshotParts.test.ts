import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';

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

  it('SNAP-1: a part handed out again cannot be reordered by a reader', () => {
    const { alliance } = setup();
    expect(() => alliance.snapshot().partners.reverse()).toThrow(TypeError);
  });
});
