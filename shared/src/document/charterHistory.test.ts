import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';
import { appendCharterBlocks } from './charter.ts';
import { CHARTER_VERSIONS_ROOT, readVersionEntry, VERSION_LIMITS, versionsToPrune } from './charterHistory.ts';
import { contentHash, versionContent } from './charterVersion.ts';
import type { CharterVersionKind, CharterVersionSummary } from '../schema.ts';
import { refusal } from '../testing/refusals.ts';

const T0 = Date.UTC(2026, 0, 15);
const MINUTE = 60_000;

function setup() {
  let clock = T0;
  const doc = new Y.Doc();
  const alliance = AllianceDocument.create(doc, { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }] }, { now: () => clock });
  const [tech, logi] = alliance.snapshot().partners;
  const write = (text: string) => appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text }]);
  return { doc, alliance, tech: tech!, logi: logi!, write, tick: (ms: number) => (clock += ms) };
}

const summary = (id: string, kind: CharterVersionKind, at: number, size = 10): CharterVersionSummary => ({
  id,
  kind,
  at,
  size,
  name: kind === 'named' ? id : '',
  partnerId: null,
  by: '',
  hash: '0'.repeat(64),
});

describe('the charter history', () => {
  it('HIST-3: a version keeps the charter as it is, with its hash; it reads back whole, and the snapshot lists it without its text', () => {
    const { alliance, tech, write, tick } = setup();
    write('Why we are together.');
    const kept = alliance.takeCharterVersion({ kind: 'named', name: 'First draft', partnerId: tech.id, by: 'Ada' })!;
    tick(MINUTE);
    write('A second clause.');
    const version = alliance.charterVersion(kept.id)!;
    expect(version).toMatchObject({ kind: 'named', name: 'First draft', partnerId: tech.id, by: 'Ada', at: T0 });
    expect(version.content).toEqual([{ type: 'paragraph', spans: [{ text: 'Why we are together.' }] }]);
    expect(version.hash).toBe(contentHash(version.content));
    expect(alliance.snapshot().charterVersions).toEqual([{ ...kept }]);
    expect('content' in alliance.snapshot().charterVersions[0]!).toBe(false);
  });

  it('HIST-3: an automatic version is taken only when the text changed since the latest version; a named one always', () => {
    const { alliance, write, tick } = setup();
    write('Clause one.');
    expect(alliance.takeCharterVersion({ kind: 'pause', partnerId: null, by: 'Ada' })).not.toBeNull();
    tick(MINUTE);
    expect(alliance.takeCharterVersion({ kind: 'partner-left', partnerId: null, by: 'Ada' })).toBeNull();
    expect(alliance.takeCharterVersion({ kind: 'named', name: 'Agreed', partnerId: null, by: 'Ada' })).not.toBeNull();
    write('Clause two.');
    tick(MINUTE);
    expect(alliance.takeCharterVersion({ kind: 'pause', partnerId: null, by: 'Ada' })).not.toBeNull();
    expect(alliance.snapshot().charterVersions.map((v) => v.kind)).toEqual(['pause', 'named', 'pause']);
  });

  it('HIST-3: a named version needs a name; the kind and name are validated at the edge', () => {
    const { alliance } = setup();
    expect(() => alliance.takeCharterVersion({ kind: 'named', name: '  ', partnerId: null, by: 'Ada' })).toThrow(/name must be filled in/);
    expect(() => alliance.takeCharterVersion({ kind: 'rewrite' as never, partnerId: null, by: 'Ada' })).toThrow(/kind must be one of/);
  });

  it('HIST-3: a stored version whose text does not match its hash, or is not canonical, is not read', () => {
    const { doc, alliance, write } = setup();
    write('Honest text.');
    const kept = alliance.takeCharterVersion({ kind: 'pause', partnerId: null, by: 'Ada' })!;
    const map = doc.getMap(CHARTER_VERSIONS_ROOT);
    const stored = map.get(kept.id) as Record<string, unknown>;
    expect(readVersionEntry(stored)).not.toBeNull();
    const forged = JSON.stringify([['p', [['Forged text.', 0, 0, 0, 0, null]]]]);
    map.set('forged', { ...stored, content: forged });
    expect(alliance.charterVersion('forged')).toBeNull();
    map.set('loose', { ...stored, content: ` ${stored['content'] as string}` });
    expect(alliance.charterVersion('loose')).toBeNull();
    map.set('partial', { ...stored, hash: undefined });
    expect(alliance.snapshot().charterVersions.map((v) => v.id).sort()).toEqual([kept.id, 'forged', 'loose'].sort());
    expect(alliance.charterVersion(kept.id)!.content).toEqual(versionContent(alliance.charter()));
  });

  it('HIST-3: bounds: the oldest automatic versions are pruned first to make room; named ones are kept', () => {
    const automatic = Array.from({ length: VERSION_LIMITS.versions - 2 }, (_, i) => summary(`a${i}`, i % 2 ? 'pause' : 'partner-left', T0 + i));
    const named = [summary('n0', 'named', T0 - 10), summary('n1', 'named', T0 - 5)];
    const full = [...named, ...automatic];
    expect(versionsToPrune(full, { kind: 'pause', size: 10 })).toEqual({ prune: ['a0'] });
    expect(versionsToPrune(full, { kind: 'named', size: 10 })).toEqual({ prune: ['a0'] });
    expect(versionsToPrune(full.slice(0, -1), { kind: 'pause', size: 10 })).toEqual({ prune: [] });
    // Size: room is made by pruning as many of the oldest automatic versions as the text needs.
    const big = [
      summary('n0', 'named', T0, 400_000),
      summary('a0', 'pause', T0 + 1, 100_000),
      summary('a1', 'pause', T0 + 2, 100_000),
      ...Array.from({ length: 18 }, (_, i) => summary(`b${i}`, 'pause', T0 + 10 + i, 400_000)),
    ];
    expect(versionsToPrune(big, { kind: 'pause', size: 250_000 })).toEqual({ prune: ['a0'] });
    expect(versionsToPrune(big, { kind: 'pause', size: 400_000 })).toEqual({ prune: ['a0', 'a1'] });
    expect(versionsToPrune(big, { kind: 'pause', size: 400_001 })).toEqual({ refused: 'The charter is too long to keep as a version.' });
  });

  it('HIST-3: bounds: one named version too many, or a history of named versions with no room, is refused', () => {
    const named = Array.from({ length: VERSION_LIMITS.named }, (_, i) => summary(`n${i}`, 'named', T0 + i));
    expect(versionsToPrune(named, { kind: 'named', size: 10 })).toEqual({ refused: `The history already keeps ${VERSION_LIMITS.named} named versions.` });
    expect(versionsToPrune(named, { kind: 'pause', size: 10 })).toEqual({ prune: [] });
    const heavy = [summary('n0', 'named', T0, VERSION_LIMITS.totalChars - 5)];
    expect(versionsToPrune(heavy, { kind: 'pause', size: 10 })).toEqual({ refused: 'The history is full of named versions.' });
  });

  it('HIST-3: taking a version past the bounds prunes in the same transaction', () => {
    const { alliance, write, tick } = setup();
    for (let i = 0; i < VERSION_LIMITS.versions; i += 1) {
      write(`Clause ${i}.`);
      tick(MINUTE);
      alliance.takeCharterVersion({ kind: i === 0 ? 'named' : 'pause', name: 'Kept', partnerId: null, by: 'Ada' });
    }
    const before = alliance.snapshot().charterVersions;
    expect(before).toHaveLength(VERSION_LIMITS.versions);
    write('One more.');
    alliance.takeCharterVersion({ kind: 'pause', partnerId: null, by: 'Ada' });
    const after = alliance.snapshot().charterVersions;
    expect(after).toHaveLength(VERSION_LIMITS.versions);
    expect(after[0]!.kind).toBe('named');
    expect(after.map((v) => v.id)).not.toContain(before[1]!.id);
  });

  it('HIST-4: a version is removed from the history; not one the partners are voting to ratify, nor one that is not there', () => {
    const { alliance, tech, write } = setup();
    write('Purpose: a shared depot network.');
    const draft = alliance.takeCharterVersion({ kind: 'named', name: 'Draft', partnerId: tech.id, by: 'Ana' })!;
    write('Exit: 90 days notice.');
    const later = alliance.takeCharterVersion({ kind: 'named', name: 'Later', partnerId: tech.id, by: 'Ana' })!;
    alliance.removeCharterVersion(draft.id);
    expect(alliance.snapshot().charterVersions.map((v) => v.id)).toEqual([later.id]);
    expect(refusal(() => alliance.removeCharterVersion(draft.id))).toEqual({ code: 'unknown-record', message: `No version with id ${draft.id}`, field: 'id' });
    alliance.proposeChange({ change: { kind: 'ratify-charter', versionId: later.id, hash: later.hash }, category: 'strategic', deadline: T0 + 7 * 24 * 60 * MINUTE, createdBy: 'Ana', proposerId: tech.id });
    expect(refusal(() => alliance.removeCharterVersion(later.id))).toEqual({
      code: 'not-allowed',
      message: 'This version is before the partners for ratification; it stays until that decision is settled.',
      field: 'id',
    });
    expect(alliance.charterVersion(later.id)).not.toBeNull();
  });
});

