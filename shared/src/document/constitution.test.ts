import { describe, expect, it } from 'vitest';
import { mayWrite } from '../authority/rules.ts';
import { REPEAT_WINDOW_MS } from '../method/constitution.ts';
import { harbourAlliance } from '../testing/harbourAlliance.ts';
import { DocumentError } from './documentError.ts';

const T0 = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

const setup = () => harbourAlliance(T0);

describe('constitution changes in the document', () => {
  it('CHG-1: proposing a change opens a decision that says what will change', () => {
    const { alliance, tech } = setup();
    const d = alliance.proposeChange({ change: { kind: 'quorum', quorum: 0.75 }, category: 'critical', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: tech.id });
    expect(d).toMatchObject({ title: 'Change quorum from 50 % to 75 %', body: 'Change quorum from 50 % to 75 %.', change: { kind: 'quorum', quorum: 0.75 }, appliedAt: null, proposerId: tech.id });
    expect(alliance.decision(d.id)?.change).toEqual({ kind: 'quorum', quorum: 0.75 });
    expect(() => alliance.proposeChange({ change: { kind: 'voting-weight', partnerId: 'nobody', weight: 2 }, category: 'critical', deadline: T0, createdBy: 'Ana' })).toThrow(DocumentError);
  });

  it('CHG-3: a passed change is applied in one transaction, with exactly the writes the relay admits', () => {
    const { alliance, tech, logi, now } = setup();
    const d = alliance.proposeChange({ change: { kind: 'voting-weight', partnerId: logi.id, weight: 3 }, category: 'critical', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: tech.id });
    alliance.castVote(d.id, tech.id, 'yes', 'Ana');
    expect(() => alliance.applyPassedDecision(d.id)).toThrow(/has not passed/);
    alliance.castVote(d.id, logi.id, 'yes', 'Bo');
    const before = alliance.snapshot();
    let transactions = 0;
    alliance.doc.on('afterTransaction', () => (transactions += 1));
    alliance.applyPassedDecision(d.id);
    expect(transactions).toBe(1);
    const after = alliance.snapshot();
    expect(after.partners.find((p) => p.id === logi.id)?.votingWeight).toBe(3);
    expect(alliance.decision(d.id)).toMatchObject({ outcome: 'passed', status: 'decided', appliedAt: now() });
    // Every field written is one the relay admits from any partner's link, judged on the document before.
    const actor = { role: 'edit' as const, partnerId: logi.id };
    expect(mayWrite(actor, { kind: 'partner', partnerId: logi.id, field: 'votingWeight' }, { op: 'update', value: 3 }, before, now()).allowed).toBe(true);
    expect(mayWrite(actor, { kind: 'decision', decisionId: d.id, field: 'appliedAt' }, { op: 'update', value: now() }, before, now()).allowed).toBe(true);
    // Applied once: a second application on this copy is refused. A second session that had not seen it writes the
    // same again, admitted only moments after the first and only as it is held (CHG-8).
    expect(() => alliance.applyPassedDecision(d.id)).toThrow(DocumentError);
    const weight = (value: number, at: number) => mayWrite(actor, { kind: 'partner', partnerId: logi.id, field: 'votingWeight' }, { op: 'update', value }, after, at).allowed;
    expect(weight(3, now())).toBe(true);
    expect(weight(4, now())).toBe(false);
    expect(weight(3, now() + REPEAT_WINDOW_MS + 1)).toBe(false);
  });

  it('CHG-3: a rejected or ordinary decision is never applied', () => {
    const { alliance, tech, logi } = setup();
    const d = alliance.proposeChange({ change: { kind: 'quorum', quorum: 1 }, category: 'critical', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: tech.id });
    alliance.castVote(d.id, tech.id, 'no', 'Ana');
    alliance.castVote(d.id, logi.id, 'no', 'Bo');
    expect(() => alliance.applyPassedDecision(d.id)).toThrow(/has not passed/);
    expect(alliance.governance().quorum).toBe(0.5);
    const plain = alliance.proposeDecision({ title: 'Hire', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana', proposerId: tech.id });
    expect(() => alliance.applyPassedDecision(plain.id)).toThrow(DocumentError);
  });
});
