import { describe, expect, it } from 'vitest';
import { mayWrite } from '../authority/rules.ts';
import { REPEAT_WINDOW_MS } from '../method/constitution.ts';
import { harbourAlliance } from '../testing/harbourAlliance.ts';
import { appendCharterBlocks } from './charter.ts';
import { CHARTER_VERSIONS_ROOT } from './charterHistory.ts';
import { CHARTER_RATIFICATIONS_ROOT } from './charterRatification.ts';
import { canonicalEncoding } from './charterVersion.ts';
import { DocumentError } from './documentError.ts';

const T0 = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

const setup = () => harbourAlliance(T0);

/** The refusal `act` throws, as the app shows it: its code, the field it names and its words. */
function refusal(act: () => unknown): { code: string; field: string | null; message: string } {
  try {
    act();
  } catch (error) {
    if (error instanceof DocumentError) return { code: error.code, field: error.field, message: error.message };
    throw error;
  }
  throw new Error('not refused');
}

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

  it('CHG-1: a change is stated above the proposer\'s own words; an invalid change is refused on its field; no lead partner names none', () => {
    const { alliance, tech } = setup();
    const d = alliance.proposeChange({ change: { kind: 'quorum', quorum: 0.75 }, body: 'Two of three is too few.', category: 'critical', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: tech.id });
    expect(d.body).toBe('Change quorum from 50 % to 75 %.\n\nTwo of three is too few.');
    expect(refusal(() => alliance.proposeChange({ change: { kind: 'quorum', quorum: 2 }, category: 'critical', deadline: T0 + 7 * DAY, createdBy: 'Ana' }))).toMatchObject({ code: 'invalid-field', field: 'change.quorum' });
    // Having no lead partner names no partner, so none is looked up.
    const none = alliance.proposeChange({ change: { kind: 'lead-partner', partnerId: null }, category: 'critical', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: tech.id });
    expect(none.change).toEqual({ kind: 'lead-partner', partnerId: null });
    expect(none.title).toMatch(/^Have no lead partner/);
  });

  it('CHG-3: applying names the decision it refuses: an unknown one, or one that has not passed, and writes nothing', () => {
    const { alliance, tech } = setup();
    expect(refusal(() => alliance.applyPassedDecision('nowhere'))).toEqual({ code: 'unknown-record', field: 'decisionId', message: 'No decision with id nowhere' });
    const d = alliance.proposeChange({ change: { kind: 'quorum', quorum: 0.75 }, category: 'critical', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: tech.id });
    expect(refusal(() => alliance.applyPassedDecision(d.id))).toEqual({
      code: 'not-allowed',
      field: 'decisionId',
      message: '"Change quorum from 50 % to 75 %" has not passed under the rules in force, so nothing changes',
    });
    expect(alliance.decision(d.id)).toMatchObject({ status: 'open', outcome: null, appliedAt: null });
  });

  it('CHG-3: the decision applied is the one named, whatever decisions the alliance holds besides', () => {
    const { alliance, tech, logi } = setup();
    const plain = () => alliance.proposeDecision({ title: 'Hire', category: 'execution', deadline: T0 + DAY, createdBy: 'Ana', proposerId: tech.id });
    const before = plain();
    const d = alliance.proposeChange({ change: { kind: 'quorum', quorum: 0.75 }, category: 'critical', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: tech.id });
    const after = plain();
    alliance.castVote(d.id, tech.id, 'yes', 'Ana');
    alliance.castVote(d.id, logi.id, 'yes', 'Bo');
    alliance.applyPassedDecision(d.id);
    expect(alliance.governance().quorum).toBe(0.75);
    expect(alliance.decision(d.id)).toMatchObject({ status: 'decided', outcome: 'passed' });
    for (const other of [before, after]) expect(alliance.decision(other.id)).toMatchObject({ status: 'open', outcome: null, appliedAt: null });
  });

  describe('a ratification (RAT-1, RAT-2)', () => {
    const ratifying = () => {
      const h = setup();
      appendCharterBlocks(h.alliance.charter(), [{ type: 'paragraph', text: 'We share the harbour.' }]);
      const version = h.alliance.takeCharterVersion({ kind: 'named', name: 'Signed draft', partnerId: h.tech.id, by: 'Ana' })!;
      const propose = (change = { versionId: version.id, hash: version.hash }) =>
        h.alliance.proposeChange({ change: { kind: 'ratify-charter', ...change }, category: 'strategic', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: h.tech.id });
      return { ...h, version, propose };
    };

    it('RAT-1: a ratification of a version the history does not hold whole is refused on its change, saying why', () => {
      const { propose, version } = ratifying();
      const refused = { code: 'not-allowed', field: 'change', message: 'This version of the charter is no longer in its history, or its text does not match its hash.' };
      expect(refusal(() => propose({ versionId: 'gone', hash: version.hash }))).toEqual(refused);
      expect(refusal(() => propose({ versionId: version.id, hash: 'a'.repeat(64) }))).toEqual(refused);
    });

    it('RAT-2, CHG-3: a passed ratification whose version left the history, or whose kept text no longer matches its hash, is not applied: nothing is written', () => {
      for (const spoil of ['removed', 'altered'] as const) {
        const { alliance, tech, logi, green, version, propose } = ratifying();
        const d = propose();
        for (const p of [tech, logi, green]) alliance.castVote(d.id, p.id, 'yes', p.name);
        const versions = alliance.doc.getMap(CHARTER_VERSIONS_ROOT);
        // Altered, the version is still listed with its hash, but its text is not the one the votes approved.
        if (spoil === 'removed') versions.delete(version.id);
        else versions.set(version.id, { ...(versions.get(version.id) as object), content: canonicalEncoding([{ type: 'paragraph', spans: [{ text: 'We own the harbour.' }] }]) });
        expect(refusal(() => alliance.applyPassedDecision(d.id))).toEqual({ code: 'not-allowed', field: 'decisionId', message: `The version "${d.title}" ratifies is no longer in the charter's history` });
        expect(alliance.decision(d.id)).toMatchObject({ status: 'open', outcome: null, appliedAt: null });
        expect(alliance.doc.getMap(CHARTER_RATIFICATIONS_ROOT).size).toBe(0);
      }
    });
  });
});
