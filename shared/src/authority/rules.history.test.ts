import { describe, expect, it } from 'vitest';
import { decision, partner } from '../method/testAlliance.ts';
import type { CharterVersionSummary } from '../schema.ts';
import { canonicalEncoding, encodingHash } from '../document/charterVersion.ts';
import { HISTORY_HARD_LIMITS, historyWithinBounds } from './rules.ts';
import { alliance, at, check, facilitator, insert, logi, now, owner, remove, tech, update, viewer } from './testView.ts';

describe('authority: the charter history', () => {
  /** A version entry as the document writes it: whole, its hash the hash of its text. */
  const version = (partnerId: string | null, over: Record<string, unknown> = {}) => {
    const content = canonicalEncoding([{ type: 'paragraph', spans: [{ text: 'Agreed text.' }] }]);
    return { at: now, kind: 'named', name: 'Agreed', partnerId, by: 'Ada', hash: encodingHash(content), content, ...over };
  };
  const summary = (id: string, kind: 'named' | 'pause', partnerId: string | null): CharterVersionSummary => ({ ...version(partnerId, { kind }), id, size: 10 }) as CharterVersionSummary;
  const withVersions = alliance({ charterVersions: [summary('v-tech', 'named', 'tech'), summary('v-auto', 'pause', 'tech'), summary('v-fac', 'named', null)] });

  it('AUTH-17: any writer keeps a version, whole and in its own name', () => {
    expect(check(tech, at('charterVersions', 'v1'), insert(version('tech')), withVersions).allowed).toBe(true);
    expect(check(facilitator, at('charterVersions', 'v1'), insert(version(null)), withVersions).allowed).toBe(true);
    expect(check(logi, at('charterVersions', 'v1'), insert(version('tech')), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(facilitator, at('charterVersions', 'v1'), insert(version('tech')), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    // Its hash must be its text's; a field out of bounds, or missing, is no version.
    expect(check(tech, at('charterVersions', 'v1'), insert(version('tech', { hash: 'f'.repeat(64) })), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(tech, at('charterVersions', 'v1'), insert(version('tech', { kind: 'ratified' })), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(tech, at('charterVersions', 'v1'), insert({ kind: 'named' }), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(viewer, at('charterVersions', 'v1'), insert(version('tech')), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-1' });
  });

  it('AUTH-17: a version is never changed, nor written inside; an automatic one is pruned by anyone, a named one removed only by its partner', () => {
    expect(check(tech, at('charterVersions', 'v-tech'), update(version('tech', { name: 'Renamed' })), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(tech, at('charterVersions', 'v-tech', 'name'), insert('x'), withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(logi, at('charterVersions', 'v-auto'), remove, withVersions).allowed).toBe(true);
    expect(check(tech, at('charterVersions', 'v-tech'), remove, withVersions).allowed).toBe(true);
    expect(check(logi, at('charterVersions', 'v-tech'), remove, withVersions)).toEqual({ allowed: false, rule: 'AUTH-17', reason: 'Only TechCo\'s links can remove the version “Agreed”.' });
    expect(check(logi, at('charterVersions', 'v-fac'), remove, withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(facilitator, at('charterVersions', 'v-tech'), remove, withVersions)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    // Nor, by anyone, one the partners are voting to ratify (RAT-5): until that decision is settled and applied.
    const hash = version('tech').hash;
    const voting = (status: 'open' | 'decided', appliedAt: number | null) =>
      alliance({
        charterVersions: withVersions.charterVersions,
        decisions: [decision('r1', { title: 'Ratify', category: 'strategic', proposerId: 'tech', status, outcome: status === 'decided' ? 'passed' : null, appliedAt, change: { kind: 'ratify-charter', versionId: 'v-auto', hash } })],
      });
    expect(check(logi, at('charterVersions', 'v-auto'), remove, voting('open', null))).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(tech, at('charterVersions', 'v-auto'), remove, voting('decided', null))).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(logi, at('charterVersions', 'v-auto'), remove, voting('decided', now)).allowed).toBe(true);
    // Even an owner governing alone never rewrites one.
    const alone = alliance({ partners: [partner('tech', { name: 'TechCo' })], charterVersions: [summary('v-tech', 'named', 'tech')] });
    expect(check(owner, at('charterVersions', 'v-tech'), update(version('tech')), alone)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(check(owner, at('charterVersions', 'v2'), insert(version('tech')), alone).allowed).toBe(true);
  });

  it('AUTH-17: the relay bounds the history over a whole update (twice the app\'s bounds), net of what the update prunes', () => {
    const full = alliance({ charterVersions: Array.from({ length: HISTORY_HARD_LIMITS.versions }, (_, i) => summary(`v${i}`, 'pause', 'tech')) });
    const add = { place: at('charterVersions', 'new'), change: insert(version('tech', { kind: 'pause', name: '' })) };
    const prune = { place: at('charterVersions', 'v0'), change: remove };
    expect(historyWithinBounds([add], full)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(historyWithinBounds([add, prune], full).allowed).toBe(true);
    expect(historyWithinBounds([prune], full).allowed).toBe(true);
    // Pruning a version already gone makes no room.
    expect(historyWithinBounds([add, { place: at('charterVersions', 'gone'), change: remove }], full)).toMatchObject({ allowed: false });
    const named = alliance({ charterVersions: Array.from({ length: HISTORY_HARD_LIMITS.named }, (_, i) => summary(`n${i}`, 'named', 'tech')) });
    expect(historyWithinBounds([{ place: at('charterVersions', 'new'), change: insert(version('tech')) }], named)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
    expect(historyWithinBounds([add], named).allowed).toBe(true);
    const heavy = alliance({ charterVersions: [{ ...summary('big', 'named', 'tech'), size: HISTORY_HARD_LIMITS.totalChars }] });
    expect(historyWithinBounds([add], heavy)).toMatchObject({ allowed: false, rule: 'AUTH-17' });
  });
});
