import type { Partner, Role } from '@trellis/shared';
import type { DeviceAlliance } from './deviceRegistry.ts';

/**
 * Who this device acts as in an alliance: its link's role and partner, in the relay's word (`GET …/me`),
 * kept on the device so that it holds offline. The one place the app asks "who am I acting as".
 */
export interface Actor {
  role: Role;
  /** The partner the link belongs to; null for a facilitator (edit, no partner) or a view link. */
  partnerId: string | null;
  /** The link's label, as its owner named it. */
  label: string;
  /** False until the relay has described this link: a link opened offline for the first time. */
  known: boolean;
}

/** What the actor may do as a partner, in the words the screens show. */
export type Standing =
  | { kind: 'partner'; partner: Partner }
  | { kind: 'facilitator' }
  | { kind: 'observer' }
  /** The link's partner is unknown yet (never online) or no longer in the alliance (exited, or removed). */
  | { kind: 'unconfirmed'; reason: string };

export function actorOf(entry: Pick<DeviceAlliance, 'role' | 'partnerId' | 'linkLabel' | 'linkKnown'>): Actor {
  // A view link acts for nobody, whatever partner it was made for.
  const partnerId = entry.role === 'view' ? null : entry.partnerId;
  return { role: entry.role, partnerId, label: entry.linkLabel, known: entry.linkKnown };
}

export function standingOf(actor: Actor, partners: readonly Partner[]): Standing {
  if (actor.role === 'view') return { kind: 'observer' };
  if (actor.partnerId === null) {
    if (!actor.known) return { kind: 'unconfirmed', reason: 'Your organization is confirmed the first time this device reaches the relay.' };
    return { kind: 'facilitator' };
  }
  const partner = partners.find((p) => p.id === actor.partnerId);
  if (!partner) return { kind: 'unconfirmed', reason: 'Your link’s organization has not reached this device yet.' };
  if (partner.status === 'exited') return { kind: 'unconfirmed', reason: `${partner.name} has left the alliance.` };
  return { kind: 'partner', partner };
}

/** The partner to act as, or null when this device may not act as any. */
export function actingPartner(standing: Standing): Partner | null {
  return standing.kind === 'partner' ? standing.partner : null;
}

/** How the actor is shown: the organization's name, or the role a partnerless link plays. */
export function standingName(standing: Standing): string {
  switch (standing.kind) {
    case 'partner':
      return standing.partner.name;
    case 'facilitator':
      return 'Facilitator';
    case 'observer':
      return 'Observer';
    case 'unconfirmed':
      return 'Not confirmed yet';
  }
}

/** Why a screen's "as a partner" controls are read-only for this actor, or null when they are not. */
export function whyNotActing(standing: Standing): string | null {
  switch (standing.kind) {
    case 'partner':
      return null;
    case 'facilitator':
      return 'You joined with a facilitator link: you edit the shared text, and each partner acts here for itself.';
    case 'observer':
      return 'You joined with a view link: you can read everything but not act for a partner.';
    case 'unconfirmed':
      return standing.reason;
  }
}
