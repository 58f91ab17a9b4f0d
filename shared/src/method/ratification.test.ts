import { describe, expect, it } from 'vitest';
import { appendCharterBlocks } from '../document/charter.ts';
import type { Block } from '../document/documentBlocks.ts';
import type { Decision } from '../schema.ts';
import { harbourAlliance } from '../testing/harbourAlliance.ts';
import { latestRatification, ratificationDrift, ratificationVotes, ratificationWrite, versionsUnderRatification } from './ratification.ts';

const T0 = Date.UTC(2026, 10, 28);
const DAY = 86_400_000;

function proposed() {
  const h = harbourAlliance(T0);
  const { alliance, tech } = h;
  appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: 'We share the harbour.' }]);
  const version = alliance.takeCharterVersion({ kind: 'named', name: 'Signed draft', partnerId: tech.id, by: 'Ana' })!;
  const change = { kind: 'ratify-charter' as const, versionId: version.id, hash: version.hash };
  const d = alliance.proposeChange({ change, category: 'strategic', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: tech.id });
  return { ...h, version, change, d };
}

const paragraph = (text: string): Block => ({ type: 'paragraph', spans: [{ text }] });

describe('ratification records (RAT-2, RAT-3)', () => {
  it('RAT-3: a veto that did not block is recorded as the no it counted as', () => {
    const { alliance, tech, logi, green, d } = proposed();
    alliance.castVote(d.id, tech.id, 'yes', 'Ana');
    alliance.castVote(d.id, logi.id, 'abstain', 'Bo');
    alliance.castVote(d.id, green.id, 'no', 'Cy');
    const snap = alliance.snapshot();
    const cast = snap.decisions.find((x) => x.id === d.id)!;
    // A veto cast while the rules allowed it, which no longer blocks (Green is not minority-protected, and strategic
    // is no veto category): castVote refuses such a veto today, so it is written into the plain decision.
    const decision = { ...cast, votes: { ...cast.votes, [green.id]: { ...cast.votes[green.id]!, choice: 'veto' as const } } };
    const choices = Object.fromEntries(ratificationVotes(decision, snap.partners, snap.governance, T0 + DAY).map((v) => [v.partnerId, v.choice]));
    expect(choices).toEqual({ [tech.id]: 'yes', [logi.id]: 'abstain', [green.id]: 'no' });
  });

  it('RAT-2: no record is given when the version, its hash, the decision or the ratifications are not held', () => {
    const { alliance, change, d, version } = proposed();
    const view = alliance.snapshot();
    const stamp = [T0 - 1000, T0 + 1000] as const;
    expect(ratificationWrite(change, d.id, view, stamp)).not.toBeNull();
    expect(ratificationWrite({ ...change, versionId: 'gone' }, d.id, view, stamp)).toBeNull();
    expect(ratificationWrite({ ...change, hash: 'a'.repeat(64) }, d.id, view, stamp)).toBeNull();
    expect(ratificationWrite(change, 'no-such-decision', view, stamp)).toBeNull();
    // A view that does not carry the history or the ratifications cannot give the record either.
    expect(ratificationWrite(change, d.id, { ...view, charterVersions: undefined }, stamp)).toBeNull();
    expect(ratificationWrite(change, d.id, { ...view, charterRatifications: undefined }, stamp)).toBeNull();
    expect(ratificationWrite(change, d.id, { ...view, charterVersions: view.charterVersions.filter((v) => v.id !== version.id) }, stamp)).toBeNull();
  });

  it('RAT-3: the record holds the votes on its own decision, not on another one open beside it', () => {
    const { alliance, tech, logi, green, change, d } = proposed();
    const other = alliance.proposeDecision({ title: 'Buy a crane', category: 'strategic', deadline: T0 + 7 * DAY, createdBy: 'Bo', proposerId: logi.id });
    alliance.castVote(other.id, logi.id, 'no', 'Bo');
    for (const p of [tech, logi, green]) alliance.castVote(d.id, p.id, 'yes', p.name);
    const view = alliance.snapshot();
    // The other decision comes first in the view, so only looking the decision up by its id finds the right votes.
    const decisions = [view.decisions.find((x) => x.id === other.id)!, view.decisions.find((x) => x.id === d.id)!];
    const write = ratificationWrite(change, d.id, { ...view, decisions }, [T0, T0 + 1000]);
    const votes = write && 'fields' in write ? write.fields['votes'] : null;
    expect(votes).toEqual({ oneOf: [[tech, logi, green].map((p) => ({ partnerId: p.id, name: p.name, choice: 'yes', weight: 1 })).sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1))] });
  });
});

describe('the latest ratification (RAT-4)', () => {
  const r = (decisionId: string, number: number, ratifiedAt: number) => ({ decisionId, number, ratifiedAt });

  it('RAT-4: the highest number is the latest, in whatever order the records come', () => {
    const v1 = r('d-b', 1, T0 + DAY);
    const v2 = r('d-a', 2, T0);
    expect(latestRatification([])).toBeNull();
    expect(latestRatification([v1, v2])).toBe(v2);
    expect(latestRatification([v2, v1])).toBe(v2);
  });

  it('RAT-4: between equal numbers (two ratifications applied apart), the later one; at the same moment, the higher decision id', () => {
    const early = r('d-b', 1, T0);
    const late = r('d-a', 1, T0 + DAY);
    expect(latestRatification([early, late])).toBe(late);
    expect(latestRatification([late, early])).toBe(late);
    const low = r('d-a', 1, T0);
    const high = r('d-b', 1, T0);
    expect(latestRatification([low, high])).toBe(high);
    expect(latestRatification([high, low])).toBe(high);
  });
});

describe('drift (RAT-4)', () => {
  it('RAT-4: the drift counts the changed blocks only, not those that still read as ratified', () => {
    const ratified = [paragraph('One.'), paragraph('Two.'), paragraph('Three.')];
    expect(ratificationDrift(ratified, ratified)).toEqual({ drifted: false });
    const drift = ratificationDrift(ratified, [...ratified, paragraph('Four.')]);
    expect(drift).toMatchObject({ drifted: true, changes: 1 });
  });
});

describe('versions under ratification (RAT-5)', () => {
  it('RAT-5: a version is held while its ratification is open, escalated, or passed and not yet applied; not once applied, failed or withdrawn', () => {
    const { alliance, logi, d, version } = proposed();
    alliance.proposeDecision({ title: 'Buy a crane', category: 'strategic', deadline: T0 + 7 * DAY, createdBy: 'Bo', proposerId: logi.id });
    const decisions = alliance.snapshot().decisions;
    const ratifying = decisions.find((x) => x.id === d.id)!;
    const plain = decisions.filter((x) => x.id !== d.id);
    const held = (over: Partial<Decision>) => [...versionsUnderRatification([...plain, { ...ratifying, ...over }])];
    expect(held({})).toEqual([version.id]);
    expect(held({ status: 'escalated' })).toEqual([version.id]);
    expect(held({ status: 'decided', outcome: 'passed', appliedAt: null })).toEqual([version.id]);
    expect(held({ status: 'decided', outcome: 'passed', appliedAt: T0 + DAY })).toEqual([]);
    expect(held({ status: 'decided', outcome: 'rejected', appliedAt: null })).toEqual([]);
    expect(held({ status: 'withdrawn' })).toEqual([]);
    // An ordinary decision, open or passed, holds no version.
    expect([...versionsUnderRatification(plain)]).toEqual([]);
    expect([...versionsUnderRatification(plain.map((x) => ({ ...x, status: 'decided', outcome: 'passed', appliedAt: null })))]).toEqual([]);
  });
});
