import { CREATOR_LINK_LABEL, type LinkIdentity } from '@trellis/shared';
import type { DeviceAlliance } from './deviceRegistry.ts';
import type { RelayApi } from './relayApi.ts';

/** What the device keeps of its link, in the relay's word: role, partner and label, known from now on. */
export type LinkFacts = Pick<DeviceAlliance, 'role' | 'partnerId' | 'linkLabel' | 'linkKnown'>;

export function linkFacts(link: Pick<LinkIdentity, 'role' | 'partnerId' | 'label'>): LinkFacts {
  return { role: link.role, partnerId: link.partnerId, linkLabel: link.label, linkKnown: true };
}

/** Whether this device holds the creator's own link (made the alliance, or the example, here): no link was opened. */
export function isCreatorLink(entry: Pick<DeviceAlliance, 'bindPartnerId' | 'linkLabel'>): boolean {
  return entry.bindPartnerId !== null || entry.linkLabel === CREATOR_LINK_LABEL;
}

/** True when the device's copy of its link facts differs from the relay's answer. */
export function factsChanged(entry: LinkFacts, facts: LinkFacts): boolean {
  return entry.role !== facts.role || entry.partnerId !== facts.partnerId || entry.linkLabel !== facts.linkLabel || !entry.linkKnown;
}

/** The outcome of binding a creator's link: what to keep on the device, and the partnerless link to revoke once switched. */
export interface Bound {
  patch: Partial<DeviceAlliance>;
  /** Revokes the old partnerless link; called after the device has moved its socket to the new secret. */
  revokeOld: (() => Promise<void>) | null;
}

/**
 * The creator's owner link belongs to the creator's organization. The relay's create request carries no partner, so
 * the creator's link is made partnerless: with it, make an owner link for the organization; the device switches to
 * that link's secret, then revokes the partnerless one (no longer the last owner link, so the relay allows it).
 * A relay that already bound it (or a link that is not a partnerless owner's) is taken at its word.
 */
export async function bindCreatorLink(api: RelayApi, allianceId: string, secret: string, partnerId: string): Promise<Bound> {
  const link = await api.describeLink(allianceId, secret);
  if (link.partnerId !== null || link.role !== 'owner') return { patch: { ...linkFacts(link), bindPartnerId: null }, revokeOld: null };
  const made = await api.createLink(allianceId, secret, 'owner', CREATOR_LINK_LABEL, partnerId);
  return {
    patch: { ...linkFacts({ role: 'owner', partnerId: made.partnerId, label: made.label }), secret: made.token, bindPartnerId: null },
    // Best effort: if it fails, the owner still sees the partnerless creator link in Sharing and can revoke it.
    revokeOld: () => api.revokeLink(allianceId, made.token, link.linkId).catch(() => undefined),
  };
}
