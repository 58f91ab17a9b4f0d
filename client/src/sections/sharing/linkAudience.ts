import type { LinkSummary, Partner, Role } from '@trellis/shared';

/** Who a new link is for: one partner, a facilitator (edit, shared text only), or an observer (view). */
export type Audience = { kind: 'partner'; partnerId: string } | { kind: 'facilitator' } | { kind: 'observer' };

/** The roles a link for this audience may have; the first is the default. */
export function rolesFor(audience: Audience): Role[] {
  switch (audience.kind) {
    case 'partner':
      return ['edit', 'owner', 'view'];
    case 'facilitator':
      return ['edit'];
    case 'observer':
      return ['view'];
  }
}

/** What the relay is asked for: a view link acts for nobody, so it carries a partner only to be revoked with its exit. */
export function linkRequest(audience: Audience, role: Role): { role: Role; partnerId: string | null } {
  if (audience.kind === 'partner') return { role, partnerId: audience.partnerId };
  return { role: audience.kind === 'observer' ? 'view' : 'edit', partnerId: null };
}

/** How a link's holder appears in the list: its partner (name and colour), or what a partnerless link is. */
export interface LinkHolder {
  name: string;
  color: string | null;
}

export function holderOf(link: Pick<LinkSummary, 'role' | 'partnerId'>, partners: readonly Partner[]): LinkHolder {
  if (link.partnerId !== null) {
    const partner = partners.find((p) => p.id === link.partnerId);
    return partner ? { name: partner.name, color: partner.color } : { name: 'A former partner', color: null };
  }
  if (link.role === 'view') return { name: 'Observer', color: null };
  if (link.role === 'edit') return { name: 'Facilitator — shared text only', color: null };
  // An owner link made before links belonged to partners (the creator's, on older alliances): it acts for nobody.
  return { name: 'No partner', color: null };
}
