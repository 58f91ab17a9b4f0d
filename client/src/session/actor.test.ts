import { describe, expect, it } from 'vitest';
import type { Partner } from '@trellis/shared';
import { actingPartner, actorOf, standingName, standingOf, whyNotActing } from './actor.ts';

const logiCorp = { id: 'p-logi', name: 'LogiCorp', color: '#1f77b4', status: 'active' } as Partner;
const techCo = { id: 'p-tech', name: 'TechCo', color: '#ff7f0e', status: 'active' } as Partner;
const partners = [logiCorp, techCo];

describe('who this device acts as (LINK-5)', () => {
  it('acts as its link’s partner, and as nobody else', () => {
    const actor = actorOf({ role: 'edit', partnerId: logiCorp.id, linkLabel: 'Bo', linkKnown: true });
    const standing = standingOf(actor, partners);
    expect(actingPartner(standing)).toBe(logiCorp);
    expect(standingName(standing)).toBe('LogiCorp');
    expect(whyNotActing(standing)).toBeNull();
  });

  it('a facilitator (edit, no partner) and a view link act for no partner, and say why', () => {
    const facilitator = standingOf(actorOf({ role: 'edit', partnerId: null, linkLabel: '', linkKnown: true }), partners);
    expect(facilitator.kind).toBe('facilitator');
    expect(actingPartner(facilitator)).toBeNull();
    expect(standingName(facilitator)).toBe('Facilitator');
    expect(whyNotActing(facilitator)).toMatch(/facilitator link/);
    // A view link made for a partner still acts for nobody.
    const observer = standingOf(actorOf({ role: 'view', partnerId: logiCorp.id, linkLabel: '', linkKnown: true }), partners);
    expect(observer.kind).toBe('observer');
    expect(standingName(observer)).toBe('Observer');
    expect(actingPartner(observer)).toBeNull();
  });

  it('acts for nobody until the relay has described a joined link, or once its partner has exited', () => {
    const unknown = standingOf(actorOf({ role: 'edit', partnerId: null, linkLabel: '', linkKnown: false }), partners);
    expect(unknown.kind).toBe('unconfirmed');
    expect(actingPartner(unknown)).toBeNull();
    const missing = standingOf(actorOf({ role: 'edit', partnerId: 'p-other', linkLabel: '', linkKnown: true }), partners);
    expect(actingPartner(missing)).toBeNull();
    const exited = standingOf(actorOf({ role: 'owner', partnerId: techCo.id, linkLabel: '', linkKnown: true }), [{ ...techCo, status: 'exited' }]);
    expect(actingPartner(exited)).toBeNull();
    expect(whyNotActing(exited)).toMatch(/TechCo has left/);
  });
});
