import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument, appendCharterBlocks, can, passageAnchors, type Action } from '@trellis/shared';
import type { OpenAlliance } from '../../../session/context.ts';
import type { Standing } from '../../../session/actor.ts';
import { CharterComments } from './charterComments.svelte.ts';

/** The open alliance as the comments see it, for a device acting as `standing`, asking the real table. */
function openAs(alliance: AllianceDocument, standing: Standing, name: string): OpenAlliance {
  const partnerId = standing.kind === 'partner' ? standing.partner.id : null;
  const actor = { role: standing.kind === 'observer' ? ('view' as const) : ('edit' as const), partnerId, label: name, known: true };
  return {
    session: { alliance, me: { name, color: '#000000', partnerId } },
    get snapshot() {
      return alliance.snapshot();
    },
    standing,
    actor,
    notActingReason: standing.kind === 'observer' ? 'You joined with a view link.' : null,
    may: (action: Action) => can(actor, action, alliance.snapshot(), Date.now()).allowed,
    whyNot: (action: Action) => {
      const verdict = can(actor, action, alliance.snapshot(), Date.now());
      return verdict.allowed ? null : verdict.reason;
    },
  } as unknown as OpenAlliance;
}

function harbour() {
  const alliance = AllianceDocument.create(new Y.Doc(), { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }] });
  alliance.doc.transact(() => appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: 'Notice: 90 days.' }]));
  const [tech, logi] = alliance.snapshot().partners;
  const text = (alliance.charter().get(0) as Y.XmlElement).get(0) as Y.XmlText;
  return { alliance, tech: tech!, logi: logi!, passage: { ...passageAnchors(text, 8, 15), quote: '90 days' } };
}

describe('comments on the charter, as the section offers them', () => {
  it('CMT-1, AUTH-16: a partner comments in its own name, a facilitator as itself, a view link not at all', () => {
    const { alliance, tech, passage } = harbour();
    const ana = new CharterComments(openAs(alliance, { kind: 'partner', partner: tech }, 'Ana'));
    ana.startThread(passage);
    expect(ana.openThread('Too short.')).toBe(true);
    const sam = new CharterComments(openAs(alliance, { kind: 'facilitator' }, 'Sam'));
    expect(sam.reply(ana.threads[0]!.id, 'Halfway?')).toBe(true);
    expect(ana.threads[0]!.comments.map((c) => ana.authorLabel(c))).toEqual(['Ana · TechCo', 'Sam · Facilitator']);
    expect(ana.openCount).toBe(1);
    const viewer = new CharterComments(openAs(alliance, { kind: 'observer' }, 'Vi'));
    expect(viewer.mayComment).toBe(false);
    expect(viewer.whyNotComment).toBe('You joined with a view link.');
  });

  it('CMT-4: only its author is offered to edit or delete a comment', () => {
    const { alliance, tech, logi, passage } = harbour();
    const ana = new CharterComments(openAs(alliance, { kind: 'partner', partner: tech }, 'Ana'));
    const bo = new CharterComments(openAs(alliance, { kind: 'partner', partner: logi }, 'Bo'));
    ana.startThread(passage);
    ana.openThread('Too short.');
    const comment = ana.threads[0]!.comments[0]!;
    expect(ana.mine(comment)).toBe(true);
    expect(bo.mine(comment)).toBe(false);
    expect(bo.remove(comment.id)).toBe(false);
    expect(bo.error).toBe('Only its author edits or deletes a comment');
    expect(bo.mayResolve(ana.threads[0]!)).toBe(true);
  });

  it('CMT-1: pressing Comment with nothing selected says how to start a thread', () => {
    const { alliance, tech } = harbour();
    const ana = new CharterComments(openAs(alliance, { kind: 'partner', partner: tech }, 'Ana'));
    ana.startThread(null);
    expect(ana.composing).toBeNull();
    expect(ana.error).toBe('Select a passage of the charter first, then press Comment.');
  });
});
