import { describe, expect, it } from 'vitest';
import type { Partner } from '@trellis/shared';
import { holderOf, linkRequest, rolesFor } from './linkAudience.ts';

const logiCorp = { id: 'p-logi', name: 'LogiCorp', color: '#1f77b4' } as Partner;

describe('links belong to partners (LINK-4, LINK-5)', () => {
  it('makes a partner link with its partner, a facilitator link as edit without one, an observer link as view', () => {
    expect(linkRequest({ kind: 'partner', partnerId: 'p-logi' }, 'owner')).toEqual({ role: 'owner', partnerId: 'p-logi' });
    expect(linkRequest({ kind: 'facilitator' }, 'owner')).toEqual({ role: 'edit', partnerId: null });
    expect(linkRequest({ kind: 'observer' }, 'edit')).toEqual({ role: 'view', partnerId: null });
    expect(rolesFor({ kind: 'facilitator' })).toEqual(['edit']);
    expect(rolesFor({ kind: 'observer' })).toEqual(['view']);
    expect(rolesFor({ kind: 'partner', partnerId: 'p-logi' })[0]).toBe('edit');
  });

  it('shows each link’s partner by name and colour, and what a partnerless link is', () => {
    expect(holderOf({ role: 'edit', partnerId: 'p-logi' }, [logiCorp])).toEqual({ name: 'LogiCorp', color: '#1f77b4' });
    expect(holderOf({ role: 'edit', partnerId: 'p-gone' }, [logiCorp]).name).toBe('A former partner');
    expect(holderOf({ role: 'edit', partnerId: null }, [logiCorp]).name).toMatch(/^Facilitator/);
    expect(holderOf({ role: 'view', partnerId: null }, [logiCorp]).name).toBe('Observer');
    expect(holderOf({ role: 'owner', partnerId: null }, [logiCorp]).name).toMatch(/^No partner/);
  });
});
