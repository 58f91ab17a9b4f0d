/**
 * The charter's history at its edges: the order versions list in whatever order a copy received them, what the
 * relay's check reads of a version that is not whole, and a history already past its bounds (HIST-3, AUTH-17).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';
import { appendCharterBlocks } from './charter.ts';
import { CHARTER_VERSIONS_ROOT, readVersionEntry, VERSION_LIMITS, versionsToPrune } from './charterHistory.ts';
import type { CharterVersionKind, CharterVersionSummary } from '../schema.ts';
import { refusal } from '../testing/refusals.ts';

const T0 = Date.UTC(2026, 0, 15);

function setup() {
  let clock = T0;
  const doc = new Y.Doc();
  const alliance = AllianceDocument.create(doc, { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }] }, { now: () => clock });
  const write = (text: string) => appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text }]);
  return { doc, alliance, write, at: (ms: number) => (clock = ms) };
}

const summary = (id: string, kind: CharterVersionKind, at: number, size = 10): CharterVersionSummary => ({ id, kind, at, size, name: kind === 'named' ? id : '', partnerId: null, by: '', hash: '0'.repeat(64) });

describe('the charter history, at its edges', () => {
  it('HIST-3: versions list oldest first, ties by id, whatever order they were written in', () => {
    const { doc, alliance, write, at } = setup();
    write('One.');
    const kept = alliance.takeCharterVersion({ kind: 'pause', partnerId: null, by: 'Ada' })!;
    expect(kept.name).toBe('');
    const stored = doc.getMap(CHARTER_VERSIONS_ROOT).get(kept.id) as Record<string, unknown>;
    const map = doc.getMap(CHARTER_VERSIONS_ROOT);
    map.set('late', { ...stored, at: T0 + 50 });
    map.set('b-same', { ...stored, at: T0 + 10 });
    map.set('a-same', { ...stored, at: T0 + 10 });
    map.set('early', { ...stored, at: T0 - 50 });
    at(T0);
    expect(alliance.snapshot().charterVersions.map((v) => v.id)).toEqual(['early', kept.id, 'a-same', 'b-same', 'late']);
  });

  it('AUTH-17: a version that is not whole reads as null, which is what the relay checks for', () => {
    const { doc, alliance, write } = setup();
    write('Honest text.');
    const kept = alliance.takeCharterVersion({ kind: 'pause', partnerId: null, by: 'Ada' })!;
    const stored = doc.getMap(CHARTER_VERSIONS_ROOT).get(kept.id) as Record<string, unknown>;
    expect(readVersionEntry({ ...stored, content: ` ${stored['content'] as string}` })).toBeNull();
    expect(readVersionEntry({ ...stored, hash: 'f'.repeat(64) })).toBeNull();
    expect(readVersionEntry('not a version')).toBeNull();
  });

  it('HIST-3: only automatic versions are pruned, oldest first, whatever order the history lists them in', () => {
    const existing = [
      summary('a-new', 'pause', T0 + 20),
      summary('n-old', 'named', T0 - 100),
      summary('a-old', 'partner-left', T0 + 10),
      ...Array.from({ length: VERSION_LIMITS.versions - 3 }, (_, i) => summary(`m${i}`, 'pause', T0 + 100 + i)),
    ];
    expect(versionsToPrune(existing, { kind: 'pause', size: 10 })).toEqual({ prune: ['a-old'] });
  });

  it('HIST-3: a history a peer already filled past the count with named versions takes no new version', () => {
    const named = Array.from({ length: VERSION_LIMITS.versions }, (_, i) => summary(`n${i}`, 'named', T0 + i));
    expect(versionsToPrune(named, { kind: 'pause', size: 10 })).toEqual({ refused: 'The history is full of named versions.' });
  });

  it('HIST-3: one named version too many is refused, saying so, and nothing is written', () => {
    const { alliance, write } = setup();
    write('Kept.');
    for (let i = 0; i < VERSION_LIMITS.named; i += 1) alliance.takeCharterVersion({ kind: 'named', name: `v${i}`, partnerId: null, by: 'Ada' });
    expect(refusal(() => alliance.takeCharterVersion({ kind: 'named', name: 'One more', partnerId: null, by: 'Ada' }))).toEqual({
      code: 'not-allowed',
      message: `The history already keeps ${VERSION_LIMITS.named} named versions.`,
      field: null,
    });
    expect(alliance.snapshot().charterVersions).toHaveLength(VERSION_LIMITS.named);
  });
});
