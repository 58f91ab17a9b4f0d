import { describe, expect, it } from 'vitest';
import { mayWrite } from '../authority/rules.ts';
import { REPEAT_WINDOW_MS, ruledWrites } from '../method/constitution.ts';
import { ratificationVotes } from '../method/ratification.ts';
import { harbourAlliance } from '../testing/harbourAlliance.ts';
import { allianceExport, allianceMarkdown } from './allianceExport.ts';
import { appendCharterBlocks } from './charter.ts';
import { CHARTER_RATIFICATIONS_ROOT, readRatificationEntry } from './charterRatification.ts';
import { canonicalEncoding } from './charterVersion.ts';
import { em, paragraph } from './documentBlocks.ts';
import { DocumentError } from './documentError.ts';

const T0 = Date.UTC(2026, 10, 28);
const DAY = 86_400_000;

function setup() {
  const h = harbourAlliance(T0);
  const { alliance, tech } = h;
  appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: 'We share the harbour.' }]);
  const version = alliance.takeCharterVersion({ kind: 'named', name: 'Signed draft', partnerId: tech.id, by: 'Ana' })!;
  const propose = (over: Partial<{ versionId: string; hash: string }> = {}) =>
    alliance.proposeChange({
      change: { kind: 'ratify-charter', versionId: over.versionId ?? version.id, hash: over.hash ?? version.hash },
      category: 'execution',
      deadline: T0 + 7 * DAY,
      createdBy: 'Ana',
      proposerId: tech.id,
    });
  /** Every partner votes yes on `id`, and the passed decision is applied. */
  const pass = (id: string) => {
    for (const p of [h.tech, h.logi, h.green]) alliance.castVote(id, p.id, 'yes', p.name);
    alliance.applyPassedDecision(id);
  };
  return { ...h, version, propose, pass };
}

describe('ratifying the charter', () => {
  it('RAT-1: a ratification is proposed for a version the history holds, with its hash, and decided as a strategic decision', () => {
    const { propose, version } = setup();
    const d = propose();
    expect(d).toMatchObject({ category: 'strategic', change: { kind: 'ratify-charter', versionId: version.id, hash: version.hash }, appliedAt: null });
    expect(() => propose({ versionId: 'gone' })).toThrow(DocumentError);
    expect(() => propose({ hash: 'a'.repeat(64) })).toThrow(DocumentError);
    expect(() => propose({ hash: 'not a hash' })).toThrow(DocumentError);
  });

  it('RAT-2, RAT-3, AUTH-18, CHG-8: a passed ratification writes its record, Ratified v1, with the text, the hash and the votes that counted; the relay admits exactly that write', () => {
    const { alliance, tech, logi, green, version, propose, now, tick } = setup();
    alliance.updatePartner(green.id, { votingWeight: 2 });
    const d = propose();
    alliance.castVote(d.id, tech.id, 'yes', 'Ana');
    alliance.castVote(d.id, logi.id, 'yes', 'Bo');
    expect(() => alliance.applyPassedDecision(d.id)).toThrow(/has not passed/);
    // Before it passes, no record is admitted, not even the one it would write.
    const early = alliance.snapshot();
    expect(ruledWrites(early, now()).some((w) => w.place.kind === 'charterRatification')).toBe(false);
    tick(DAY);
    alliance.castVote(d.id, green.id, 'yes', 'Cy');
    const before = alliance.snapshot();
    alliance.applyPassedDecision(d.id);
    const record = alliance.charterRatification(d.id)!;
    expect(record).toMatchObject({ number: 1, decisionId: d.id, versionId: version.id, versionName: 'Signed draft', versionAt: version.at, hash: version.hash, ratifiedAt: now() });
    expect(record.content).toEqual([{ type: 'paragraph', spans: [{ text: 'We share the harbour.' }] }]);
    expect(record.votes).toEqual(
      [
        { partnerId: tech.id, name: 'TechCo', choice: 'yes', weight: 1 },
        { partnerId: logi.id, name: 'LogiCorp', choice: 'yes', weight: 1 },
        { partnerId: green.id, name: 'Green', choice: 'yes', weight: 2 },
      ].sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1)),
    );
    expect(alliance.decision(d.id)).toMatchObject({ status: 'decided', outcome: 'passed', appliedAt: now() });
    expect(alliance.snapshot().charterRatifications).toHaveLength(1);

    const raw = alliance.doc.getMap(CHARTER_RATIFICATIONS_ROOT).get(d.id) as Record<string, unknown>;
    const place = { kind: 'charterRatification' as const, decisionId: d.id, nested: false };
    const actor = { role: 'edit' as const, partnerId: logi.id };
    const write = (value: unknown, view = before, at = now()) => mayWrite(actor, place, { op: 'insert', value }, view, at);
    expect(write(raw)).toEqual({ allowed: true });
    // A forged record: another number, other votes, another text, a stamp from another day.
    expect(write({ ...raw, number: 2 })).toMatchObject({ allowed: false, rule: 'AUTH-18' });
    expect(write({ ...raw, votes: (raw['votes'] as unknown[]).slice(1) })).toMatchObject({ allowed: false, rule: 'AUTH-18' });
    expect(write({ ...raw, votes: (raw['votes'] as object[]).map((v) => ({ ...v, choice: 'no' })) })).toMatchObject({ allowed: false, rule: 'AUTH-18' });
    expect(write({ ...raw, votes: (raw['votes'] as object[]).map((v) => ({ ...v, weight: 5 })) })).toMatchObject({ allowed: false, rule: 'AUTH-18' });
    expect(write({ ...raw, content: canonicalEncoding([{ type: 'paragraph', spans: [{ text: 'We own the harbour.' }] }]) })).toMatchObject({ allowed: false, rule: 'AUTH-18' });
    expect(write({ ...raw, ratifiedAt: now() - DAY })).toMatchObject({ allowed: false, rule: 'AUTH-18' });
    expect(write({ ...raw, extra: 1 })).toMatchObject({ allowed: false, rule: 'AUTH-18' });
    // Before it passed, the same record is a forgery.
    expect(write(raw, early)).toMatchObject({ allowed: false, rule: 'AUTH-18' });
    // Once written it never changes: rewritten, removed or written inside, by anyone, an owner governing alone too.
    const after = alliance.snapshot();
    expect(write({ ...raw, votes: [] }, after)).toMatchObject({ allowed: false, rule: 'AUTH-18' });
    expect(write(raw, after, now() + REPEAT_WINDOW_MS + 1)).toMatchObject({ allowed: false, rule: 'AUTH-18' });
    expect(mayWrite(actor, place, { op: 'delete' }, after, now())).toMatchObject({ allowed: false, rule: 'AUTH-18' });
    expect(mayWrite({ role: 'owner', partnerId: tech.id }, { ...place, nested: true }, { op: 'update', value: 3 }, after, now())).toMatchObject({ allowed: false, rule: 'AUTH-18' });
    const alone = { ...before, partners: before.partners.filter((p) => p.id === tech.id) };
    expect(mayWrite({ role: 'owner', partnerId: tech.id }, place, { op: 'insert', value: { ...raw, number: 3 } }, alone, now())).toMatchObject({ allowed: false, rule: 'AUTH-18' });
    // A second session applying it moments later, from a copy that had not seen it, writes the same record (CHG-8).
    expect(write(raw, after)).toEqual({ allowed: true });
    expect(write({ ...raw, ratifiedAt: now() + 60_000 }, after, now() + 60_000)).toEqual({ allowed: true });
  });

  it('RAT-2: the record keeps its own copy of the text, read back only when whole; the next ratification is v2', () => {
    const { alliance, tech, version, propose, pass, tick } = setup();
    const first = propose();
    pass(first.id);
    appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: 'And its cranes.' }]);
    tick(DAY);
    const second = alliance.takeCharterVersion({ kind: 'named', name: 'With cranes', partnerId: tech.id, by: 'Ana' })!;
    const d2 = alliance.proposeChange({ change: { kind: 'ratify-charter', versionId: second.id, hash: second.hash }, category: 'strategic', deadline: T0 + 9 * DAY, createdBy: 'Ana', proposerId: tech.id });
    pass(d2.id);
    expect(alliance.snapshot().charterRatifications.map((r) => [r.number, r.versionName])).toEqual([
      [1, 'Signed draft'],
      [2, 'With cranes'],
    ]);
    // The first version leaves the history: its ratification still holds its text.
    alliance.doc.getMap('charterVersions').delete(version.id);
    expect(alliance.charterRatification(first.id)?.content).toEqual([{ type: 'paragraph', spans: [{ text: 'We share the harbour.' }] }]);
    const raw = alliance.doc.getMap(CHARTER_RATIFICATIONS_ROOT).get(first.id) as Record<string, unknown>;
    expect(readRatificationEntry(raw)).not.toBeNull();
    expect(readRatificationEntry({ ...raw, hash: 'b'.repeat(64) })).toBeNull();
    expect(readRatificationEntry({ ...raw, number: 0 })).toBeNull();
  });

  it('RAT-2, RAT-4: the records are listed by number, then by time, however the map holds them; a malformed one is left out, and none reads as null', () => {
    const { alliance, tech, propose, pass, tick, now } = setup();
    const first = propose();
    pass(first.id);
    tick(DAY);
    appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: 'And its cranes.' }]);
    const second = alliance.takeCharterVersion({ kind: 'named', name: 'With cranes', partnerId: tech.id, by: 'Ana' })!;
    pass(propose({ versionId: second.id, hash: second.hash }).id);
    const map = alliance.doc.getMap(CHARTER_RATIFICATIONS_ROOT);
    const raw = map.get(first.id) as Record<string, unknown>;
    // Ratifications applied in other sessions before they saw the first take its number too (RAT-2 counts only the
    // records a session holds): one stamped a minute before it, one after the second; the map holds them last.
    map.set('earlier', { ...raw, ratifiedAt: (raw['ratifiedAt'] as number) - 60_000 });
    map.set('later', { ...raw, ratifiedAt: now() + DAY });
    map.set('broken', { ...raw, number: 'one' });
    expect(alliance.snapshot().charterRatifications.map((r) => [r.number, r.decisionId])).toEqual([
      [1, 'earlier'],
      [1, first.id],
      [1, 'later'],
      [2, expect.any(String)],
    ]);
    expect(alliance.charterRatification('broken')).toBeNull();
    expect(alliance.charterRatification('never-ratified')).toBeNull();
  });

  it('RAT-3: a vote cast after the deadline is shown on the decision but not recorded as counted', () => {
    const { alliance, tech, logi, green, propose, tick } = setup();
    const d = propose();
    alliance.castVote(d.id, tech.id, 'yes', 'Ana');
    alliance.castVote(d.id, logi.id, 'yes', 'Bo');
    tick(8 * DAY);
    alliance.castVote(d.id, green.id, 'no', 'Cy');
    const snap = alliance.snapshot();
    const decision = snap.decisions.find((x) => x.id === d.id)!;
    expect(ratificationVotes(decision, snap.partners, snap.governance, T0 + 8 * DAY).map((v) => v.partnerId).sort()).toEqual([tech.id, logi.id].sort());
  });

  it('RAT-4: the live charter matches the latest ratified text until it is edited; then it has drifted, with the difference', () => {
    const { alliance, tech, logi, green, propose } = setup();
    expect(alliance.charterDrift()).toBeNull();
    const d = propose();
    for (const p of [tech, logi, green]) alliance.castVote(d.id, p.id, 'yes', p.name);
    alliance.applyPassedDecision(d.id);
    expect(alliance.charterDrift()).toMatchObject({ ratification: { number: 1 }, drift: { drifted: false } });
    appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: 'A clause nobody ratified.' }]);
    const drift = alliance.charterDrift()!.drift;
    expect(drift).toMatchObject({ drifted: true, changes: 1 });
    expect(drift.drifted && drift.diff.find((entry) => entry.kind === 'inserted')).toMatchObject({ block: { type: 'paragraph', spans: [{ text: 'A clause nobody ratified.' }] } });
  });

  it('RAT-5: a version under an open ratification is never pruned from the history', () => {
    const { alliance, tech } = setup();
    const automatic = alliance.takeCharterVersion({ kind: 'pause', partnerId: tech.id, by: 'Ana' });
    expect(automatic).toBeNull(); // the same text as the named version: nothing new to keep
    appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: 'Draft 2.' }]);
    const kept = alliance.takeCharterVersion({ kind: 'pause', partnerId: tech.id, by: 'Ana' })!;
    alliance.proposeChange({ change: { kind: 'ratify-charter', versionId: kept.id, hash: kept.hash }, category: 'strategic', deadline: T0 + DAY, createdBy: 'Ana', proposerId: tech.id });
    for (let i = 0; i < 120; i += 1) {
      appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: `Edit ${i}.` }]);
      alliance.takeCharterVersion({ kind: 'pause', partnerId: tech.id, by: 'Ana' });
    }
    const ids = alliance.snapshot().charterVersions.map((v) => v.id);
    expect(ids.length).toBeLessThanOrEqual(100);
    expect(ids).toContain(kept.id);
  });

  it('RAT-6: the export prints the ratified text with its record as an appendix, and says when the live text has drifted', () => {
    const { alliance, tech, logi, green, version, propose, now } = setup();
    expect(allianceMarkdown(alliance, now())).not.toContain('Ratified charter');
    const d = propose();
    for (const p of [tech, logi, green]) alliance.castVote(d.id, p.id, p === green ? 'abstain' : 'yes', p.name);
    alliance.applyPassedDecision(d.id);
    appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: 'Edited after ratification.' }]);
    const markdown = allianceMarkdown(alliance, now());
    const appendix = markdown.slice(markdown.indexOf('## Appendix J — Ratified charter (Ratified v1)'));
    expect(appendix.length).toBeLessThan(markdown.length);
    expect(appendix).toContain('We share the harbour.');
    expect(appendix).not.toContain('Edited after ratification.');
    expect(appendix).toContain('Ratified v1 on 2026-11-28');
    expect(appendix).toContain('Version: Signed draft of 2026-11-28');
    expect(appendix).toContain(`Content hash (SHA-256): ${version.hash}`);
    expect(appendix).toContain('The live charter has drifted since ratification: 1 change.');
    expect(appendix).toMatch(/\| Green \| Abstain \| 1 \|/);
    expect(appendix).toMatch(/\| TechCo \| Yes \| 1 \|/);
  });
  it('RAT-6: an empty ratified text from an automatic version, still matching the live charter, is printed as such, with the deciding decision and the vote table', () => {
    const { alliance, tech, logi, green, now } = harbourAlliance(T0);
    const before = allianceMarkdown(alliance, now());
    const unratified = allianceExport(alliance, now());
    // An earlier decision, so the record has to name the one that ratified.
    alliance.proposeDecision({ title: 'Data ownership', category: 'strategic', deadline: T0 + 7 * DAY, createdBy: 'Ana' });
    const version = alliance.takeCharterVersion({ kind: 'pause', partnerId: tech.id, by: 'Ana' })!;
    const d = alliance.proposeChange({ change: { kind: 'ratify-charter', versionId: version.id, hash: version.hash }, category: 'strategic', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: tech.id });
    for (const p of [tech, logi, green]) alliance.castVote(d.id, p.id, 'yes', p.name);
    alliance.applyPassedDecision(d.id);
    const markdown = allianceMarkdown(alliance, now());
    // Nothing is added to the export before a ratification; after it, only the appendix is.
    // Never ratified, the export ends with its last appendix, the check-ins, in Markdown and in the blocks.
    expect(before.endsWith('## Appendix I — Check-ins\n\n*No check-in recorded yet.*\n')).toBe(true);
    expect(unratified.at(-1)).toEqual(paragraph(em('No check-in recorded yet.')));
    const title = alliance.snapshot().decisions.find((x) => x.id === d.id)!.title;
    const appendix = markdown.slice(markdown.indexOf('## Appendix J')).split('\n');
    // The partners' rows follow the record's order of votes; only the set of them is asserted.
    const rows = appendix.splice(-4, 3);
    expect(appendix.join('\n')).toBe(
      [
        '## Appendix J — Ratified charter (Ratified v1)',
        '*The ratified text was empty.*',
        '### Ratification record',
        [
          '- Ratified v1 on 2026-11-28',
          `- Decision: ${title}`,
          '- Version: automatic version of 2026-11-28',
          `- Content hash (SHA-256): ${version.hash}`,
          '- The live charter matches the ratified text.',
        ].join('\n'),
        ['| Partner | Vote | Voting weight |', '| --- | --- | --- |'].join('\n'),
      ].join('\n\n') + '\n',
    );
    expect(rows.sort()).toEqual(['| Green | Yes | 1 |', '| LogiCorp | Yes | 1 |', '| TechCo | Yes | 1 |']);
    expect(title).toMatch(/^Ratify the charter/);
    // Two edits since: the count is plural.
    appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: 'One.' }, { type: 'paragraph', text: 'Two.' }]);
    expect(allianceMarkdown(alliance, now())).toContain('- The live charter has drifted since ratification: 2 changes.\n');
    // A copy whose ratifying decision is gone (a peer's copy past the app's bounds) still prints the record.
    alliance.doc.getMap('decisions').delete(d.id);
    expect(allianceMarkdown(alliance, now())).toContain('- Ratified v1 on 2026-11-28\n- Decision: a decision no longer held\n- Version: automatic');
  });
});
