import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument, can, type Action } from '@trellis/shared';
import type { OpenAlliance } from '../../../session/context.ts';
import type { Standing } from '../../../session/actor.ts';
import { CharterSuggestions } from './charterSuggestions.svelte.ts';

/** The open alliance as the suggestions see it, for a device acting as `standing`, asking the real table. */
function openAs(alliance: AllianceDocument, standing: Standing, readOnly = false): OpenAlliance {
  const partnerId = standing.kind === 'partner' ? standing.partner.id : null;
  const actor = { role: standing.kind === 'observer' ? ('view' as const) : ('edit' as const), partnerId, label: 'x', known: true };
  return {
    session: { id: 'harbour', alliance, me: { name: 'x', color: '#000000', partnerId } },
    get snapshot() {
      return alliance.snapshot();
    },
    standing,
    actor,
    may: (action: Action) => !readOnly && can(actor, action, alliance.snapshot(), Date.now()).allowed,
  } as unknown as OpenAlliance;
}

function harbour() {
  const alliance = AllianceDocument.create(new Y.Doc(), { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }] });
  const [tech, logi] = alliance.snapshot().partners;
  return { alliance, tech: tech!, logi: logi! };
}

describe('the suggestions list, as the section offers it', () => {
  it('SUG-2, SUG-3, SUG-4: grouped by author in its colour; another partner settles, the author withdraws, a view link nothing', () => {
    const { alliance, tech, logi } = harbour();
    const list = [
      { id: 'a', by: logi.id, inserted: '120', deleted: '90', before: 'period of ' },
      { id: 'b', by: 'facilitator', inserted: '', deleted: 'notice', before: 'a ' },
      { id: 'c', by: logi.id, inserted: 'x', deleted: '', before: '' },
    ];
    const ana = new CharterSuggestions(openAs(alliance, { kind: 'partner', partner: tech }));
    ana.list = list;
    expect(ana.author).toBe(tech.id);
    expect(ana.groups.map((g) => [g.name, g.color, g.suggestions.length, g.controls])).toEqual([
      ['LogiCorp', logi.color, 2, { settle: true, withdraw: false }],
      ['Facilitator', '#5b6670', 1, { settle: true, withdraw: false }],
    ]);
    const bo = new CharterSuggestions(openAs(alliance, { kind: 'partner', partner: logi }));
    bo.list = list;
    expect(bo.groups.map((g) => g.controls)).toEqual([{ settle: false, withdraw: true }, { settle: true, withdraw: false }]);
    const sam = new CharterSuggestions(openAs(alliance, { kind: 'facilitator' }));
    sam.list = list;
    expect(sam.author).toBe('facilitator');
    expect(sam.groups.map((g) => g.controls)).toEqual([{ settle: false, withdraw: false }, { settle: false, withdraw: true }]);
    const viewer = new CharterSuggestions(openAs(alliance, { kind: 'observer' }));
    viewer.list = list;
    expect(viewer.author).toBeNull();
    viewer.suggesting = true;
    expect(viewer.active).toBe(false);
    expect(viewer.groups.map((g) => g.controls)).toEqual([{ settle: false, withdraw: false }, { settle: false, withdraw: false }]);
    // A copy that may not write the charter (a newer schema's document, read-only) settles nothing either.
    const frozen = new CharterSuggestions(openAs(alliance, { kind: 'partner', partner: tech }, true));
    frozen.list = list;
    expect(frozen.author).toBeNull();
    expect(frozen.groups.map((g) => g.controls)).toEqual([{ settle: false, withdraw: false }, { settle: false, withdraw: false }]);
  });

  it('SUG-1: suggest mode is remembered on this device, per alliance', () => {
    const { alliance, tech } = harbour();
    const store = new Map<string, string>();
    globalThis.localStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) } as Storage;
    const first = new CharterSuggestions(openAs(alliance, { kind: 'partner', partner: tech }));
    expect(first.suggesting).toBe(false);
    first.toggle();
    expect(first.active).toBe(true);
    expect(new CharterSuggestions(openAs(alliance, { kind: 'partner', partner: tech })).suggesting).toBe(true);
    first.toggle();
    expect(new CharterSuggestions(openAs(alliance, { kind: 'partner', partner: tech })).suggesting).toBe(false);
  });
});
