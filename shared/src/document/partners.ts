/** The partners of an alliance: joining, changing, leaving (REC-1, REC-8). */
import { LIMITS, PARTNER, PARTNER_COLORS, type Partner } from '../schema.ts';
import { DocumentError } from './documentError.ts';
import { millis, readInput } from './fields.ts';
import { removeInterestAndLinks } from './interests.ts';
import { pickKnown, type Records } from './records.ts';

export interface NewPartner {
  name: string;
  votingWeight?: number;
  minorityProtected?: boolean;
  color?: string;
}

export function addPartner(records: Records, input: NewPartner): Partner {
  const existing = records.partners.list();
  const count = existing.length;
  // Partners added in one moment (a new alliance) keep the order they were given in.
  const joinedAt = Math.max(records.now(), ...existing.map((p) => p.joinedAt + 1));
  if (count >= LIMITS.partners) throw new DocumentError('not-allowed', `An alliance has at most ${LIMITS.partners} partners`);
  const fields = readInput(
    { ...pickKnown(input, ['name', 'votingWeight', 'minorityProtected', 'color']), status: 'active', joinedAt },
    PARTNER,
    // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
    'partner',
    { color: PARTNER_COLORS[count % PARTNER_COLORS.length]! },
  );
  return records.partners.insert(records.newId(), fields);
}

export type PartnerChanges = Partial<Pick<Partner, 'name' | 'votingWeight' | 'minorityProtected' | 'color'>>;

export function updatePartner(records: Records, id: string, patch: PartnerChanges): void {
  records.partners.update(id, patch, ['name', 'votingWeight', 'minorityProtected', 'color']);
}

/** Removes a partner and what is only theirs (interests and the links touching them). */
export function removePartner(records: Records, id: string): void {
  records.partners.remove(id);
  for (const interest of records.interests.list()) if (interest.partnerId === id) removeInterestAndLinks(records, interest.id);
}

/** Starts a partner's exit: status exiting from the notice date; exited once the effective date has passed. */
export function startExit(records: Records, partnerId: string, dates: { noticeAt?: number; effectiveAt: number }): void {
  records.partners.require(partnerId);
  const now = records.now();
  const noticeAt = millis(dates.noticeAt ?? now, 'noticeAt');
  const effectiveAt = millis(dates.effectiveAt, 'effectiveAt');
  if (effectiveAt < noticeAt) throw new DocumentError('invalid-field', 'The exit cannot take effect before notice is given', 'effectiveAt');
  records.partners.set(partnerId, 'status', effectiveAt <= now ? 'exited' : 'exiting');
  records.partners.set(partnerId, 'exitNoticeAt', noticeAt);
  records.partners.set(partnerId, 'exitEffectiveAt', effectiveAt);
}

/** The partners whose exit has taken effect but who are still marked exiting. */
export function dueExits(records: Records): Partner[] {
  const now = records.now();
  return records.partners.list().filter((p) => p.status === 'exiting' && p.exitEffectiveAt !== null && p.exitEffectiveAt <= now);
}

export function markExited(records: Records, partners: readonly Partner[]): void {
  for (const partner of partners) records.partners.set(partner.id, 'status', 'exited');
}
