/**
 * When a partner's exit takes effect, the links made for that partner stop working: an owner's
 * session revokes them at the relay. The partner keeps the copy on its own devices, read-only.
 */
import type { AllianceSnapshot, Id, Millis } from '@trellis/shared';

/** A link as the relay lists it; `partnerId` says which partner it was made for (null: nobody in particular). */
export interface PartnerLink {
  id: string;
  revoked: boolean;
  label: string;
  partnerId?: string | null;
}

/** The part of the relay API this needs (RelayApi has it). */
export interface LinkManager {
  listLinks(allianceId: string, ownerSecret: string): Promise<PartnerLink[]>;
  revokeLink(allianceId: string, ownerSecret: string, linkId: string): Promise<void>;
}

/** Partners whose exit has taken effect at `now` (status exited, or an effective date that has passed). */
export function exitedPartnerIds(snapshot: Pick<AllianceSnapshot, 'partners'>, now: Millis): Id[] {
  return snapshot.partners
    .filter((p) => p.status === 'exited' || (p.status === 'exiting' && p.exitEffectiveAt !== null && p.exitEffectiveAt <= now))
    .map((p) => p.id);
}

/** The live links made for partners who have left. */
export function linksToRevoke(links: readonly PartnerLink[], exited: readonly Id[]): PartnerLink[] {
  const gone = new Set(exited);
  return links.filter((l) => !l.revoked && typeof l.partnerId === 'string' && gone.has(l.partnerId));
}

/** Revokes the live links of exited partners; returns the ids it revoked. Errors propagate (the caller retries later). */
export async function revokeExitedLinks(
  api: LinkManager,
  allianceId: string,
  ownerSecret: string,
  exited: readonly Id[],
): Promise<string[]> {
  if (exited.length === 0) return [];
  const links = await api.listLinks(allianceId, ownerSecret);
  const revoked: string[] = [];
  for (const link of linksToRevoke(links, exited)) {
    await api.revokeLink(allianceId, ownerSecret, link.id);
    revoked.push(link.id);
  }
  return revoked;
}
