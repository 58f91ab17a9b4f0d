import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from '@trellis/shared';
import { changeProposal, changesNothing, writeDirectly } from './constitutionEdit.ts';

const NOW = Date.UTC(2026, 3, 1, 9);

describe('a constitution change from a screen (CHG-1)', () => {
  it('CHG-1: proposed as a decision that says exactly what changes', () => {
    const alliance = AllianceDocument.create(new Y.Doc(), { name: 'H', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }] }, { now: () => NOW });
    const tech = alliance.snapshot().partners[0]!;
    const d = alliance.proposeChange(changeProposal({ kind: 'quorum', quorum: 0.67 }, { category: 'strategic', deadline: NOW + 1e9, createdBy: 'Ann', proposerId: tech.id }));
    expect(d.title).toBe('Change quorum from 50 % to 67 %');
    expect(d.change).toEqual({ kind: 'quorum', quorum: 0.67 });
    expect(d.proposerId).toBe(tech.id);
    expect(alliance.governance().quorum).toBe(0.5);
  });

  it('written directly for an owner alone, and an input set back to the value in force changes nothing', () => {
    const alliance = AllianceDocument.create(new Y.Doc(), { name: 'H', mode: 'full', partners: [{ name: 'TechCo' }] }, { now: () => NOW });
    const g = alliance.governance();
    const tech = alliance.snapshot().partners[0]!;
    writeDirectly(alliance, { kind: 'rule', category: 'execution', rule: 'majority' }, g);
    writeDirectly(alliance, { kind: 'voting-weight', partnerId: tech.id, weight: 3 }, g);
    expect(alliance.governance().rules.execution).toBe('majority');
    expect(alliance.governance().rules.strategic).toBe(g.rules.strategic);
    expect(alliance.snapshot().partners[0]!.votingWeight).toBe(3);
    const after = alliance.snapshot();
    expect(changesNothing({ kind: 'quorum', quorum: after.governance.quorum }, after.governance, after.partners)).toBe(true);
    expect(changesNothing({ kind: 'voting-weight', partnerId: tech.id, weight: 3 }, after.governance, after.partners)).toBe(true);
    expect(changesNothing({ kind: 'veto-categories', categories: [] }, after.governance, after.partners)).toBe(false);
  });
});
